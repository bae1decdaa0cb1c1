// OIDC single sign-on through next-auth (issue 14): each enabled OIDC provider becomes a next-auth
// OAuth provider "oidc-<id>" (discovery, authorization code with PKCE, state and nonce, ID token
// checked by openid-client). At sign-in the account is linked by (provider, sub) — never by email —
// and the provider's group mappings are applied from the groups claim.
import type { Account, Profile } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { SYSTEM_ACTOR } from "@/lib/policy";
import { applyGroupMappings, linkExternalUser } from "./mappings";
import { parseProviderSettings, providerSecret } from "./providers";
import type { OidcSettings } from "./oidc-settings";

export const OIDC_PREFIX = "oidc-";

/** The enabled single sign-on providers, for the login page's buttons (names only). */
export async function listSignInMethods(): Promise<{ id: string; name: string }[]> {
  const rows = await db.identityProvider.findMany({ where: { kind: "oidc", enabled: true }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
  return rows;
}

type Claims = Record<string, unknown> & { sub: string };

/** next-auth provider configurations for the enabled OIDC providers. */
export async function oidcAuthProviders(): Promise<OAuthConfig<Claims>[]> {
  const rows = await db.identityProvider.findMany({ where: { kind: "oidc", enabled: true } });
  return rows.map((p) => {
    const s = parseProviderSettings(p) as OidcSettings;
    return {
      id: OIDC_PREFIX + p.id,
      name: p.name,
      type: "oauth" as const,
      wellKnown: s.issuer.replace(/\/$/, "") + "/.well-known/openid-configuration",
      clientId: s.clientId,
      clientSecret: providerSecret(p),
      authorization: { params: { scope: s.scopes } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      profile(claims: Claims) {
        return {
          id: String(claims.sub),
          email: typeof claims.email === "string" ? claims.email : null,
          name: typeof claims[s.nameClaim] === "string" ? (claims[s.nameClaim] as string) : null,
        };
      },
    };
  });
}

function groupsOf(claims: Record<string, unknown>, claim: string): { name: string }[] {
  const v = claims[claim];
  const list = Array.isArray(v) ? v : typeof v === "string" ? v.split(/[,\s]+/) : [];
  return list
    .filter((x): x is string => typeof x === "string" && x.length > 0 && x.length <= 500)
    .slice(0, 500)
    .map((name) => ({ name }));
}

/** next-auth signIn callback for an OIDC account: the portal user id, or a refusal reason. */
export async function oidcSignIn(account: Account, profile: Profile | undefined): Promise<{ userId: string; sessionVersion: number } | { refused: string }> {
  const providerId = account.provider.slice(OIDC_PREFIX.length);
  const p = await db.identityProvider.findUnique({ where: { id: providerId } });
  if (!p || !p.enabled || p.kind !== "oidc") return { refused: "refused" };
  const s = parseProviderSettings(p) as OidcSettings;
  const claims = (profile ?? {}) as Record<string, unknown>;
  const sub = String(account.providerAccountId ?? claims.sub ?? "");
  if (!sub) return { refused: "refused" };
  const email = typeof claims.email === "string" && claims.email_verified !== false ? claims.email.toLowerCase() : "";
  const name = typeof claims[s.nameClaim] === "string" ? (claims[s.nameClaim] as string) : "";
  const linked = await linkExternalUser(p.id, {
    externalId: sub,
    email,
    name,
    username: typeof claims.preferred_username === "string" ? claims.preferred_username : sub,
  });
  if (linked.status !== "ok") {
    await recordAudit(db, {
      actor: { ...SYSTEM_ACTOR, via: "system" },
      action: "auth.failure",
      targetType: "user",
      result: "denied",
      details: { channel: "oidc", providerId: p.id, reason: linked.reason },
    });
    return { refused: "refused" };
  }
  if (linked.user.disabled) return { refused: "refused" };
  await applyGroupMappings(p.id, linked.user, groupsOf(claims, s.groupsClaim));
  const user = (await db.user.findUnique({ where: { id: linked.user.id } }))!;
  await recordAudit(db, {
    actor: { userId: user.id, email: user.email, name: user.name, platformAdmin: user.platformAdmin, roles: new Map(), via: "session" },
    action: "auth.login",
    targetType: "user",
    targetId: user.id,
    details: { channel: "web", method: "oidc", providerId: p.id },
  });
  return { userId: user.id, sessionVersion: user.sessionVersion };
}
