// The only place that constructs the Prisma client. The driver adapter follows DATABASE_URL:
// SQLite (default, file under data/) or PostgreSQL.
import { PrismaClient, Prisma } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || "file:./data/caas.db";
}

function createClient(): PrismaClient {
  const url = databaseUrl();
  const adapter = url.startsWith("postgres")
    ? new PrismaPg({ connectionString: url })
    : new PrismaBetterSQLite3({ url });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __caasDb?: PrismaClient };

/** The process-wide client (one per process, also across Next's module reloads in dev). */
export const db: PrismaClient = globalForDb.__caasDb ?? (globalForDb.__caasDb = createClient());

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;
export { Prisma };

/** True when a Prisma error is a unique-constraint violation. */
export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/** Once per process at start: SQLite in WAL mode so the portal and its test runner can read while
 * the other writes (better-sqlite3 already waits up to 5 s on a lock), without an fsync per commit. */
export async function prepareDatabase(): Promise<void> {
  if (databaseUrl().startsWith("postgres")) return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: the database stays consistent
  // after a crash, and a write costs no fsync (a power cut may lose the last moments).
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
}
