// The token endpoint's use-case (Docker registry token spec): Basic credentials → principal →
// requested ∩ allowed (T20) → a signed, short-lived token. Passwords and API tokens are checked
// exactly as at sign-in; the answer never echoes a credential.
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { API_TOKEN_PREFIX, loadActorByApiToken, loadActorByUserId, verifyPassword } from "@/lib/auth";
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
async function authenticate(username: string, password: string): Promise<{ principal: Principal; subject: string }> {
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
  const user = await db.user.findUnique({ where: { email } });
  if (!user || user.disabled || !(await verifyPassword(password, user.passwordHash))) throw new RegistryAuthError("Invalid registry credentials.");
  const actor = await loadActorByUserId(user.id, "session");
  if (!actor) throw new RegistryAuthError("Invalid registry credentials.");
  return { principal: await userPrincipal(actor.userId, actor.platformAdmin, actor.roles), subject: actor.userId };
}

// Password guessing through `docker login`: after 10 failures for one username within 5 minutes the
// endpoint refuses that username until the window ends. Per process, in memory (one portal process).
// Deploy credentials are signed JWTs (nothing to guess), so caas-deploy is never locked out.
const FAIL_WINDOW_MS = 5 * 60_000;
const MAX_FAILURES = 10;
const g = globalThis as unknown as { __caasRegistryFailures?: Map<string, { count: number; since: number }> };
const failures = (g.__caasRegistryFailures ??= new Map());

function lockedOut(username: string): boolean {
  const f = failures.get(username);
  if (!f) return false;
  if (Date.now() - f.since > FAIL_WINDOW_MS) {
    failures.delete(username);
    return false;
  }
  return f.count >= MAX_FAILURES;
}

function noteFailure(username: string): void {
  if (username === DEPLOY_USERNAME) return;
  const f = failures.get(username);
  if (!f || Date.now() - f.since > FAIL_WINDOW_MS) failures.set(username, { count: 1, since: Date.now() });
  else f.count++;
  if (failures.size > 10_000) failures.clear(); // bounded memory under a spray of usernames
}

export async function issueRegistryToken({ authorization, service, scopes }: { authorization: string | null; service?: string; scopes: string[] }): Promise<IssuedToken> {
  const basic = parseBasic(authorization);
  if (!basic) throw new RegistryAuthError("Sign in with your email and password or an API token.");
  if (service && service !== REGISTRY_SERVICE) throw new AppError("VALIDATION", "Unknown registry service.");
  const username = basic.username.trim().toLowerCase();
  if (lockedOut(username)) throw new RegistryAuthError("Too many failed sign-ins; wait a few minutes.");
  let who: Awaited<ReturnType<typeof authenticate>>;
  try {
    who = await authenticate(basic.username, basic.password);
  } catch (e) {
    if (e instanceof RegistryAuthError) noteFailure(username);
    throw e;
  }
  const { principal, subject } = who;
  return signRegistryToken(subject, grantAccess(principal, parseScopes(scopes)));
}
