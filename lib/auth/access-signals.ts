// ─── Security invariant (T5, T29) ──────────────────────────────────────────────────────────────
// Every use-case that takes rights away (membership removed or demoted, user disabled or demoted,
// password reset, token revoked, session signed out, tenant deleted) announces the user here after
// its transaction commits. Live sockets listen and re-authorize that user's shells, log streams and
// subscriptions at once, from the database; a periodic re-check is only the safety net.
// In-process only: several portal processes need this signal carried through the database.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { EventEmitter } from "node:events";

// On globalThis: Next's bundled route handlers and server.ts's realtime code load this module
// separately, and must share one emitter.
const g = globalThis as unknown as { __caasAccessSignals?: EventEmitter };
const signals = (g.__caasAccessSignals ??= new EventEmitter().setMaxListeners(0));

/** A user's rights or credentials changed: every live connection of theirs re-checks now. */
export function announceAccessChange(...userIds: string[]): void {
  for (const u of new Set(userIds)) signals.emit("changed", u);
}

/** Subscribes to access changes; returns the unsubscribe function. */
export function onAccessChange(listener: (userId: string) => void): () => void {
  signals.on("changed", listener);
  return () => signals.off("changed", listener);
}
