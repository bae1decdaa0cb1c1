// Serializes work on one key inside this process (e.g. swarm membership changes of one
// environment: two hosts added at once must not both run `swarm init`). The portal is one
// process (ARCHITECTURE.md), so an in-process lock is enough; jobs use lockKey for the same.
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
    return await fn();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}
