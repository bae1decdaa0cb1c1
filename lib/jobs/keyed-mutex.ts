// Serializes work on one key (e.g. swarm membership changes of one environment: two hosts added at
// once must not both run `swarm init`): in this process by a promise chain, and across portal
// processes on PostgreSQL by an advisory lock (lib/db/cross-process-lock). Jobs use lockKey, which
// the claim (lib/jobs/claim.ts) honours across processes, for the same.
import { withDatabaseLock } from "@/lib/db/cross-process-lock";

const g = globalThis as unknown as { __caasMutex?: Map<string, Promise<unknown>> };
const tails: Map<string, Promise<unknown>> = g.__caasMutex ?? (g.__caasMutex = new Map());

export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = prev.then(() => mine);
  tails.set(key, tail);
  await prev.catch(() => undefined);
  try {
    // In-process first, so one process holds at most one database connection per key.
    return await withDatabaseLock(key, fn);
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
