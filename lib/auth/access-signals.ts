// ─── Security invariant (T5, T29) ──────────────────────────────────────────────────────────────
// Every use-case that takes rights away (membership removed or demoted, user disabled or demoted,
// password reset, token revoked, session signed out, tenant deleted) announces the user here after
// its transaction commits. Live sockets listen and re-authorize that user's shells, log streams and
// subscriptions at once, from the database; a periodic re-check is only the safety net.
// Across portal processes: the announcement is also published through the database (PostgreSQL
// NOTIFY, lib/db/signals.ts), and each other process delivers it to its own sockets
// (deliverAccessChange, wired in server.ts) — a terminal on process A is cut when process B revokes.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { EventEmitter } from "node:events";
import { publishSignal } from "@/lib/db/signals";

// On globalThis: Next's bundled route handlers and server.ts's realtime code load this module
// separately, and must share one emitter.
const g = globalThis as unknown as { __caasAccessSignals?: EventEmitter };
const signals = (g.__caasAccessSignals ??= new EventEmitter().setMaxListeners(0));

/** A user's rights or credentials changed: every live connection of theirs, in every process, re-checks now. */
export function announceAccessChange(...userIds: string[]): void {
  for (const u of new Set(userIds)) {
    signals.emit("changed", u);
    void publishSignal({ topic: "access", event: "changed", id: u });
  }
}

/** Delivers another process's announcement to this process's connections only. */
export function deliverAccessChange(userId: string): void {
  signals.emit("changed", userId);
}

/** Subscribes to access changes; returns the unsubscribe function. */
export function onAccessChange(listener: (userId: string) => void): () => void {
  signals.on("changed", listener);
  return () => signals.off("changed", listener);
}
