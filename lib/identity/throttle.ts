// Login protection (issue 14): failed sign-ins are counted per account and per client address in
// the database (LoginThrottle), so every portal process sees the same counts. After a few free
// failures each further attempt must wait an exponentially growing delay; after more, the key is
// locked for a while. A refused attempt never checks the password and is not counted again.
// Unknown accounts are counted exactly like known ones: the answers do not tell them apart.
import { db } from "@/lib/db";
import type { IdentitySettings } from "./settings";

export type ThrottleKind = "account" | "address";

export interface ThrottleRow {
  failures: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  lockedUntil: Date | null;
}

export interface ThrottleVerdict {
  allowed: boolean;
  /** Milliseconds until the next attempt is allowed (0 when allowed). */
  retryAfterMs: number;
  locked: boolean;
}

export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${value.trim().toLowerCase().slice(0, 300)}`;
}

function limits(kind: ThrottleKind, s: IdentitySettings["throttle"]) {
  return kind === "account" ? { free: s.accountFreeFailures, lockAfter: s.accountLockAfter } : { free: s.addressFreeFailures, lockAfter: s.addressLockAfter };
}

/** The failures still counting at `now` (older than the window: forgotten). */
export function liveFailures(row: ThrottleRow | null, s: IdentitySettings["throttle"], now: Date): number {
  if (!row) return 0;
  if (now.getTime() - row.lastFailedAt.getTime() > s.windowMinutes * 60_000) return 0;
  return row.failures;
}

/** The delay required after `failures` failures: 0 while free, then base·2^(n−free) capped. */
export function backoffMs(failures: number, free: number, s: IdentitySettings["throttle"]): number {
  if (failures < free) return 0;
  return Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.min(30, failures - free));
}

/** Pure decision: may an attempt under this key go ahead now? */
export function verdict(kind: ThrottleKind, row: ThrottleRow | null, s: IdentitySettings["throttle"], now: Date): ThrottleVerdict {
  if (row?.lockedUntil && row.lockedUntil > now) return { allowed: false, retryAfterMs: row.lockedUntil.getTime() - now.getTime(), locked: true };
  const n = liveFailures(row, s, now);
  if (!row || n === 0) return { allowed: true, retryAfterMs: 0, locked: false };
  const wait = backoffMs(n, limits(kind, s).free, s) - (now.getTime() - row.lastFailedAt.getTime());
  return wait > 0 ? { allowed: false, retryAfterMs: wait, locked: false } : { allowed: true, retryAfterMs: 0, locked: false };
}

/** The row after one more failure, and whether this failure locked the key. */
export function afterFailure(
  kind: ThrottleKind,
  row: ThrottleRow | null,
  s: IdentitySettings["throttle"],
  now: Date,
): { row: ThrottleRow; lockedNow: boolean } {
  const n = liveFailures(row, s, now) + 1;
  const lockedNow = n >= limits(kind, s).lockAfter && !(row?.lockedUntil && row.lockedUntil > now);
  return {
    row: {
      failures: lockedNow ? 0 : n,
      firstFailedAt: n === 1 || !row ? now : row.firstFailedAt,
      lastFailedAt: now,
      lockedUntil: lockedNow ? new Date(now.getTime() + s.lockMinutes * 60_000) : (row?.lockedUntil ?? null),
    },
    lockedNow,
  };
}

/** The most restrictive verdict over the keys (account and address). */
export async function checkThrottle(
  keys: { kind: ThrottleKind; key: string }[],
  s: IdentitySettings,
  now = new Date(),
): Promise<ThrottleVerdict & { kind?: ThrottleKind }> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } } });
  let worst: ThrottleVerdict & { kind?: ThrottleKind } = { allowed: true, retryAfterMs: 0, locked: false };
  for (const k of keys) {
    const v = verdict(k.kind, rows.find((r) => r.key === k.key) ?? null, s.throttle, now);
    if (!v.allowed && (worst.allowed || v.retryAfterMs > worst.retryAfterMs)) worst = { ...v, kind: k.kind };
  }
  return worst;
}

/** Counts one failure on each key; returns the kinds that became locked by it. */
export async function noteFailure(keys: { kind: ThrottleKind; key: string }[], s: IdentitySettings, now = new Date()): Promise<ThrottleKind[]> {
  const locked: ThrottleKind[] = [];
  for (const k of keys) {
    // Read-modify-write in a transaction; a lost update under a race only forgives one failure.
    const lockedNow = await db.$transaction(async (tx) => {
      const row = await tx.loginThrottle.findUnique({ where: { key: k.key } });
      const next = afterFailure(k.kind, row, s.throttle, now);
      await tx.loginThrottle.upsert({ where: { key: k.key }, create: { key: k.key, ...next.row }, update: next.row });
      return next.lockedNow;
    });
    if (lockedNow) locked.push(k.kind);
  }
  // Bounded table: rows whose window and lock are long over go (cheap, indexed by primary key scan).
  if (Math.random() < 0.01) {
    const old = new Date(now.getTime() - 24 * 3600_000);
    await db.loginThrottle
      .deleteMany({ where: { lastFailedAt: { lt: old }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] } })
      .catch(() => undefined);
  }
  return locked;
}

/** A successful sign-in clears the account's failures (the address keeps its count). */
export async function clearAccount(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

/** Admin: unlock an account. */
export async function unlockAccount(login: string): Promise<void> {
  await clearAccount(throttleKey("account", login));
}
