// ─── Security invariant ──────────────────────────────────────────────────────────────────────
// Hosts never run `docker login`. Every deploy passes X-Registry-Auth with a deploy credential:
// a signed, short-lived password (audience caas-deploy) that the token endpoint turns into pull
// access for ONE tenant's repositories plus official and market. Swarm keeps it for its workers;
// after it expires a new deploy brings a fresh one, and an old one only ever allowed pulls.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { SignJWT, jwtVerify } from "jose";
import { db } from "@/lib/db";
import { tokenKey } from "./token-keys";
import { TOKEN_ISSUER, publicRegistryHost } from "./settings";

export const DEPLOY_USERNAME = "caas-deploy";
const AUDIENCE = "caas-deploy";
export const DEPLOY_CREDENTIAL_TTL_S = Number(process.env.CAAS_REGISTRY_DEPLOY_TTL_S || 900);

export async function mintDeployCredential(tenantSlug: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant: tenantSlug })
    .setProtectedHeader({ alg: "RS256", kid: tokenKey().kid })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + DEPLOY_CREDENTIAL_TTL_S)
    .sign(tokenKey().privateKey);
}

export type DeployCredentialCheck = { ok: true; tenantSlug: string } | { ok: false; expired: boolean };

export async function verifyDeployCredential(password: string): Promise<DeployCredentialCheck> {
  try {
    const { payload } = await jwtVerify(password, tokenKey().publicKey, { issuer: TOKEN_ISSUER, audience: AUDIENCE, algorithms: ["RS256"] });
    return typeof payload.tenant === "string" ? { ok: true, tenantSlug: payload.tenant } : { ok: false, expired: false };
  } catch (e) {
    return { ok: false, expired: (e as { code?: string }).code === "ERR_JWT_EXPIRED" };
  }
}

/** The X-Registry-Auth header value for a deploy of this tenant (padded base64url JSON, engine format). */
export async function deployRegistryAuth(tenantSlug: string, serverAddress = publicRegistryHost()): Promise<string> {
  // serverAddress: the default registry, or a region's registry that trusts the portal's tokens (issue 17)
  const auth = { username: DEPLOY_USERNAME, password: await mintDeployCredential(tenantSlug), serveraddress: serverAddress };
  // The engine decodes with Go's padded URL alphabet: base64url *with* "=" padding.
  return Buffer.from(JSON.stringify(auth)).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** X-Registry-Auth for a deploy of this tenant, only when an image lives on our registry: a deploy
 * credential must never be sent to another registry (the engine sends it wherever the image is). */
export async function deployRegistryAuthFor(tenantId: string, images: string[]): Promise<string | undefined> {
  const host = `${publicRegistryHost()}/`;
  if (!images.some((i) => i.startsWith(host))) return undefined;
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { slug: true } });
  return tenant ? deployRegistryAuth(tenant.slug) : undefined;
}
