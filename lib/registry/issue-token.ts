// The token endpoint's use-case (Docker registry token spec): Basic credentials → principal →
// requested ∩ allowed (T20) → a signed, short-lived token. Passwords and API tokens are checked
// exactly as at sign-in; the answer never echoes a credential.
import { db } from "@/lib/db";
import { AppError, appError } from "@/lib/errors";
import { API_TOKEN_PREFIX, loadActorByApiToken, loadActorByUserId } from "@/lib/auth";
import { authenticatePassword, LoginError } from "@/lib/identity/authenticate";
import type { TenantRole } from "@/lib/policy";
import { grantAccess, parseScopes, type Principal } from "./access";
import { DEPLOY_USERNAME, verifyDeployCredential } from "./deploy-credential";
import { signRegistryToken, type IssuedToken } from "./sign-token";
import { REGISTRY_SERVICE } from "./settings";

export class RegistryAuthError extends AppError {
  constructor(message: string) {
    super("UNAUTHENTICATED", message);
  }
}

function parseBasic(header: string | null): { username: string; password: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  let decoded: string;
  try {
    decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  } catch {
    return null;
  }
  const i = decoded.indexOf(":");
  if (i <= 0) return null;
  return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

async function userPrincipal(userId: string, platformAdmin: boolean, roles: ReadonlyMap<string, TenantRole>): Promise<Principal> {
  const tenants = await db.tenant.findMany({ where: { id: { in: [...roles.keys()] } }, select: { id: true, slug: true } });
  return { kind: "user", userId, platformAdmin, tenantRoles: new Map(tenants.map((t) => [t.slug, roles.get(t.id)!])) };
}

/** Who the Basic credentials belong to; null when they are wrong (never says which part). */
async function authenticate(username: string, password: string, address: string | null): Promise<{ principal: Principal; subject: string }> {
  if (username === DEPLOY_USERNAME) {
    const check = await verifyDeployCredential(password);
    if (!check.ok) throw new RegistryAuthError(check.expired ? "The deploy credential expired; deploy again." : "Invalid registry credentials.");
    return { principal: { kind: "deploy", tenantSlug: check.tenantSlug }, subject: `deploy:${check.tenantSlug}` };
  }
  const email = username.trim().toLowerCase();
  if (password.startsWith(API_TOKEN_PREFIX)) {
    const actor = await loadActorByApiToken(password);
    // The username must name the token's user: a token is not usable under someone else's name.
    if (actor && actor.email === email) return { principal: await userPrincipal(actor.userId, actor.platformAdmin, actor.roles), subject: actor.userId };
    throw new RegistryAuthError("Invalid registry credentials.");
  }
  // Passwords go through the shared, throttled and audited sign-in (lib/identity/authenticate.ts).
  let user;
  try {
    ({ user } = await authenticatePassword({ login: email, password, address, channel: "registry" }));
  } catch (e) {
    if (e instanceof LoginError) throw new RegistryAuthError(e.reason === "wrong" ? "Invalid registry credentials." : e.message);
    throw e;
  }
  const actor = await loadActorByUserId(user.id, "session");
  if (!actor) throw new RegistryAuthError("Invalid registry credentials.");
  return { principal: await userPrincipal(actor.userId, actor.platformAdmin, actor.roles), subject: actor.userId };
}

// Password guessing through `docker login` is throttled per account and per address in the database
// (lib/identity/throttle.ts), like the web login. API tokens and deploy credentials are long random
// or signed values (nothing to guess).
export async function issueRegistryToken({
  authorization,
  service,
  scopes,
  address = null,
}: {
  authorization: string | null;
  service?: string;
  scopes: string[];
  address?: string | null;
}): Promise<IssuedToken> {
  const basic = parseBasic(authorization);
  if (!basic) throw new RegistryAuthError("Sign in with your email and password or an API token.");
  if (service && service !== REGISTRY_SERVICE) throw appError("VALIDATION", "registryErrors.unknownService", undefined, "Unknown registry service.");
  const { principal, subject } = await authenticate(basic.username, basic.password, address);
  return signRegistryToken(subject, grantAccess(principal, parseScopes(scopes)));
}
