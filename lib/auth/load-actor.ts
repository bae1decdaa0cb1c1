// Builds the Actor from the database on every request: a removed, demoted or disabled user loses
// access on their next request, whatever their session token still says.
import { db, Prisma } from "@/lib/db";
import { queryRows, rowDate } from "@/lib/db/sql-rows";
import type { Actor, TenantRole } from "@/lib/policy";
import { sha256 } from "@/lib/crypto";
import { sessionRowIsLive } from "./sessions";

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

/** A row of a user-and-membership join (a row per membership; booleans and dates in the database's own form). */
interface UserMembershipRow {
  id: string;
  email: string;
  name: string;
  platformAdmin: boolean | number;
  disabled: boolean | number;
  sessionVersion: number;
  tenantId: string | null;
  role: string | null;
}

interface SessionActorRow extends UserMembershipRow {
  sessionId: string;
  sessionUserId: string;
  revokedAt: Date | string | null;
  expiresAt: Date | string;
  lastSeenAt: Date | string;
}

/** The user of a user-and-membership join, as ACTOR_USER selects it. */
function joinedUser(rows: UserMembershipRow[]): ActorUser {
  const row = rows[0];
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    platformAdmin: Boolean(row.platformAdmin),
    disabled: Boolean(row.disabled),
    sessionVersion: Number(row.sessionVersion),
    memberships: rows.flatMap((r) => (r.tenantId && r.role ? [{ tenantId: r.tenantId, role: r.role }] : [])),
  };
}

/** A browser session: the JWT's user, its session version and its live server-side session row.
 * One plain statement for the session, its user and the user's memberships: every page and every
 * request of the browser runs it (three compiled model calls before, issue 20). */
export async function loadActorBySession(claims: { uid?: unknown; sv?: unknown; sid?: unknown }): Promise<Actor | null> {
  if (typeof claims.uid !== "string" || typeof claims.sid !== "string") return null;
  const rows = await queryRows<SessionActorRow>(
    db,
    Prisma.sql`
    SELECT s."id" AS "sessionId", s."userId" AS "sessionUserId", s."revokedAt", s."expiresAt", s."lastSeenAt",
           u."id", u."email", u."name", u."platformAdmin", u."disabled", u."sessionVersion", m."tenantId", m."role"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" LEFT JOIN "Membership" m ON m."userId" = u."id"
    WHERE s."id" = ${claims.sid}`,
  );
  const row = rows[0];
  const session = row ? { id: row.sessionId, userId: row.sessionUserId, revokedAt: row.revokedAt, expiresAt: row.expiresAt, lastSeenAt: row.lastSeenAt } : null;
  if (!(await sessionRowIsLive(session, claims.uid))) return null;
  const user = joinedUser(rows);
  if (user.sessionVersion !== Number(claims.sv ?? 0)) return null;
  return toActor(user, "session");
}

export const API_TOKEN_PREFIX = "caas_";

interface TokenActorRow extends UserMembershipRow {
  tokenId: string;
  revokedAt: Date | string | null;
  lastUsedAt: Date | string | null;
}

export async function loadActorByApiToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  // One plain statement for the token, its user and the user's memberships (a row per membership):
  // every API request runs it, and a model call would be compiled each time (API clients that poll
  // paid about a millisecond per request for that). Booleans and dates come back in the database's
  // own form (SQLite: 0/1 and text), hence the conversions.
  const rows = await queryRows<TokenActorRow>(
    db,
    Prisma.sql`
    SELECT t."id" AS "tokenId", t."revokedAt", t."lastUsedAt", u."id", u."email", u."name", u."platformAdmin",
           u."disabled", u."sessionVersion", m."tenantId", m."role"
    FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" LEFT JOIN "Membership" m ON m."userId" = u."id"
    WHERE t."tokenHash" = ${sha256(token)}`,
  );
  const row = rows[0];
  if (!row || row.revokedAt !== null) return null;
  // Best effort, at most once a minute: a write per request would cost every API call a commit.
  if (!row.lastUsedAt || Date.now() - rowDate(row.lastUsedAt).getTime() > 60_000) {
    db.apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return toActor(joinedUser(rows), "token");
}
