// A lock held across portal processes on one PostgreSQL database: a session advisory lock on a
// connection of its own, released when `fn` settles or when the process dies (the server drops
// the connection). On SQLite (one process) there is nothing to hold beyond the in-process mutex.
import pg from "pg";
import { databaseUrl } from "./index";
import { isPostgresUrl } from "./process-identity";

const g = globalThis as unknown as { __caasLockPool?: pg.Pool };

function pool(url: string): pg.Pool {
  // Separate from Prisma's pool: a waiting lock must not starve queries.
  return (g.__caasLockPool ??= new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: 10_000 }));
}

export async function withDatabaseLock<T>(key: string, fn: () => Promise<T>, url: string = databaseUrl()): Promise<T> {
  if (!isPostgresUrl(url)) return fn();
  const client = await pool(url).connect();
  let broken = false;
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`caas:${key}`]);
    return await fn();
  } finally {
    try {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`caas:${key}`]);
    } catch {
      broken = true; // a connection in doubt is closed, which releases the lock
    }
    client.release(broken);
  }
}

/** Closes the lock connections at shutdown. */
export async function closeDatabaseLocks(): Promise<void> {
  const p = g.__caasLockPool;
  g.__caasLockPool = undefined;
  await p?.end().catch(() => undefined);
}
