// Server-side browser sessions (T29). The session cookie (a next-auth JWT) carries the user id, the
// session version and this row's id; a request is signed in only while the row exists, is not
// revoked and has not expired. Signing out, "sign out everywhere", a password reset and disabling
// the account revoke rows, so a copy of the cookie taken earlier opens nothing afterwards.
import { db } from "@/lib/db";
import { readIdentitySettings } from "@/lib/identity/settings";
import { announceAccessChange } from "./access-signals";

/** The cookie's own lifetime (the longest a session may be configured to last); the session row's
 * expiresAt (identity settings: sessionLifetimeHours) is what ends a session. */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
const TOUCH_EVERY_MS = 60_000;

export async function startSession(userId: string, userAgent = "", now = new Date()): Promise<string> {
  const { sessionLifetimeHours } = await readIdentitySettings();
  const row = await db.session.create({
    data: { userId, userAgent: userAgent.slice(0, 300), createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + sessionLifetimeHours * 3600_000) },
  });
  return row.id;
}

/** The columns of a session row its liveness depends on (dates as the database returns them). */
export interface SessionState {
  id: string;
  userId: string;
  revokedAt: Date | string | null;
  expiresAt: Date | string;
  lastSeenAt: Date | string;
}

/** True while the session may be used (not revoked, not expired, not idle longer than the idle
 * timeout); records its last use at most once a minute. `row` is the session as read moments ago
 * (null: no such session). */
export async function sessionRowIsLive(row: SessionState | null, userId: string, now = new Date()): Promise<boolean> {
  if (!row || row.userId !== userId || row.revokedAt !== null || new Date(row.expiresAt) <= now) return false;
  const { idleTimeoutMinutes } = await readIdentitySettings();
  const lastSeen = new Date(row.lastSeenAt).getTime();
  if (idleTimeoutMinutes > 0 && now.getTime() - lastSeen > idleTimeoutMinutes * 60_000) return false;
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) {
    db.session.update({ where: { id: row.id }, data: { lastSeenAt: now } }).catch(() => undefined);
  }
  return true;
}

/** sessionRowIsLive for a session id. */
export async function sessionIsLive(sessionId: string, userId: string, now = new Date()): Promise<boolean> {
  return sessionRowIsLive(await db.session.findUnique({ where: { id: sessionId } }), userId, now);
}

/** Ends one session (sign-out). Idempotent. */
export async function endSession(sessionId: string): Promise<void> {
  const r = await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (r.count > 0) {
    const row = await db.session.findUnique({ where: { id: sessionId }, select: { userId: true } });
    if (row) announceAccessChange(row.userId);
  }
}
