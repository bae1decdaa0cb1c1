// Builds the Actor from the database on every request: a removed, demoted or disabled user loses
// access on their next request, whatever their session token still says.
import { db, type Prisma } from "@/lib/db";
import type { Actor, TenantRole } from "@/lib/policy";
import { sha256 } from "@/lib/crypto";
import { sessionIsLive } from "./sessions";

// Only the columns the actor needs: every request runs this, and Prisma 6.19 compiles and maps each
// query's whole selection (the full User row with memberships costs twice the time of these).
const ACTOR_USER = {
  id: true,
  email: true,
  name: true,
  platformAdmin: true,
  disabled: true,
  sessionVersion: true,
  memberships: { select: { tenantId: true, role: true } },
} as const;

type ActorUser = Prisma.UserGetPayload<{ select: typeof ACTOR_USER }>;

function toActor(user: ActorUser | null, via: Actor["via"]): Actor | null {
  if (!user || user.disabled) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    platformAdmin: user.platformAdmin,
    roles: new Map(user.memberships.map((m) => [m.tenantId, m.role as TenantRole])),
    via,
  };
}

export async function loadActorByUserId(userId: string, via: Actor["via"], sessionVersion?: number): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: ACTOR_USER });
  if (sessionVersion !== undefined && user && sessionVersion !== user.sessionVersion) return null;
  return toActor(user, via);
}

/** A browser session: the JWT's user, its session version and its live server-side session row. */
export async function loadActorBySession(claims: { uid?: unknown; sv?: unknown; sid?: unknown }): Promise<Actor | null> {
  if (typeof claims.uid !== "string" || typeof claims.sid !== "string") return null;
  if (!(await sessionIsLive(claims.sid, claims.uid))) return null;
  return loadActorByUserId(claims.uid, "session", Number(claims.sv ?? 0));
}

export const API_TOKEN_PREFIX = "caas_";

export async function loadActorByApiToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  // One query for the token and its user (each Prisma call is compiled on its own: API clients that
  // poll pay this on every request).
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: { select: ACTOR_USER } },
  });
  if (!row || row.revokedAt) return null;
  // Best effort, at most once a minute: a write per request would cost every API call a commit.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return toActor(row.user, "token");
}
