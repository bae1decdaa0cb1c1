// Who "this process" is, for leases and leadership rows shared by several portal processes on one
// database: host name, pid and a random part (a restarted process with the same pid is another one).
import { randomBytes } from "node:crypto";
import os from "node:os";

const g = globalThis as unknown as { __caasProcessId?: string };

/** Stable for the life of this process, shared by Next's bundle and server.ts (globalThis). */
export function processId(): string {
  return (g.__caasProcessId ??= `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`);
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgres");
}
