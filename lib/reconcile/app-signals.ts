// "An app's observed state changed" (replicas, containers, status): written by the reconcile
// leader or a deploy job in whichever portal process, pushed live to the sockets that watch the app
// in every process (the events namespace re-reads and re-authorizes before it sends anything).
import { EventEmitter } from "node:events";
import { publishSignal } from "@/lib/db/signals";

// On globalThis: Next's bundle and server.ts load this module separately in one process.
const g = globalThis as unknown as { __caasAppSignals?: EventEmitter };
export const appSignals: EventEmitter = (g.__caasAppSignals ??= new EventEmitter().setMaxListeners(0));

/** This process's sockets now, the other processes' through the database. */
export function announceAppChanged(appId: string): void {
  appSignals.emit("changed", appId);
  void publishSignal({ topic: "app", event: "changed", id: appId });
}
