// The only place that constructs the Prisma client. The driver adapter follows DATABASE_URL:
// SQLite (default, file under data/) or PostgreSQL.
import fs from "node:fs";
import path from "node:path";
import { PrismaClient, Prisma } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { dataDir } from "@/lib/config";
import { SQLiteWithStatementCache } from "./statement-cache";
import { isSQLiteUniqueViolation } from "./direct-sqlite";

export function databaseUrl(): string {
  return process.env.DATABASE_URL || "file:./data/caas.db";
}

// Interactive transactions: Prisma's defaults (2 s to get a connection, 5 s in all) are measured on
// the wall clock, and on PostgreSQL every statement of a transaction is a network round trip that
// waits its turn on this process's event loop. A busy portal (eight deploys submitted at once, while
// the sampler and the reconciler run) had short transactions expire half-way (P2028: the deploy or
// the audit row lost). Each transaction stays short; the limit only guards against a stuck one.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

function createClient(): PrismaClient {
  const url = databaseUrl();
  const adapter = url.startsWith("postgres") ? new PrismaPg({ connectionString: url }) : new SQLiteWithStatementCache({ url }, true);
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}

const globalForDb = globalThis as unknown as { __caasDb?: PrismaClient };

/** The process-wide client (one per process, also across Next's module reloads in dev). */
export const db: PrismaClient = globalForDb.__caasDb ?? (globalForDb.__caasDb = createClient());

export type Tx = Prisma.TransactionClient;
export type Db = PrismaClient | Tx;
export { Prisma };

/** Most ids one `in: [...]` filter carries: Prisma refuses a statement with more bound values than
 * the database takes (SQLite: 999), e.g. the dashboard's samples of 1,000 running containers. */
export const MAX_IN_LIST = 500;

/** Runs `find` on slices of `ids` small enough for one statement each (one after the other: SQLite
 * has one connection anyway) and concatenates the rows. */
export async function findInChunks<I, T>(ids: readonly I[], find: (chunk: I[]) => Promise<T[]>, size = MAX_IN_LIST): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await find(ids.slice(i, i + size))));
  return out;
}

/** True when an error is a unique-constraint violation: from a model call (P2002) or from a plain
 * statement (lib/db/sql-rows.ts: the driver's error, wrapped by Prisma as a raw query failure on
 * PostgreSQL, better-sqlite3's own on SQLite). */
export function isUniqueViolation(e: unknown): boolean {
  if (isSQLiteUniqueViolation(e)) return true; // a plain statement on SQLite's direct path (lib/db/direct-sqlite.ts)
  if (!(e instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (e.code === "P2002") return true;
  const cause = (e.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation";
}

/** True inside an interactive transaction (a TransactionClient has no $transaction). On
 * PostgreSQL a failed statement aborts the whole transaction: nothing more may be read in it. */
export function isTransaction(client: Db): boolean {
  return !("$transaction" in client);
}

/** Runs `fn` (a whole transaction) again when it lost a race on a unique key. SQLite serializes
 * writers, so there the race cannot happen; PostgreSQL (READ COMMITTED) lets two transactions
 * read the same "free" state, and the loser's insert fails at commit order: its retry sees the
 * winner's rows (e.g. the job of a repeated Idempotency-Key). */
export async function retryOnUniqueViolation<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isUniqueViolation(e) || i >= attempts) throw e;
    }
  }
}

/** The SQLite file of a `file:` URL, as the driver opens it (relative paths from the working directory). */
export function sqliteFile(url: string = databaseUrl()): string | null {
  if (!url.startsWith("file:")) return null;
  return path.resolve(/*turbopackIgnore: true*/ url.slice("file:".length).replace(/\?.*$/, ""));
}

// ─── Security invariant: the portal's data is its own ────────────────────────────────────────────
// The data directory holds the database (password hashes, sealed secrets, tokens' hashes), the
// auth secret and the registry's blobs: 0700. The SQLite file and its -wal/-shm/-journal are 0600
// (SQLite gives the -wal and -shm files it creates later the main file's mode). New ones are
// created that way (scripts/steps.mjs) and existing ones are fixed at every start.
// ───────────────────────────────────────────────────────────────────────────────────────────────
export const DATA_DIR_MODE = 0o700;
export const DATABASE_FILE_MODE = 0o600;

function chmodIfExists(p: string, mode: number) {
  try {
    if ((fs.statSync(p).mode & 0o777) !== mode) fs.chmodSync(p, mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") console.warn(`[db] could not restrict ${p} to mode ${mode.toString(8)}: ${(e as Error).message}`);
  }
}

/** Data directory 0700 (created if missing), SQLite file and its companions 0600. */
export function restrictDataPermissions(dir: string = dataDir(), file: string | null = sqliteFile()): void {
  fs.mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  chmodIfExists(dir, DATA_DIR_MODE);
  if (!file) return;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) chmodIfExists(file + suffix, DATABASE_FILE_MODE);
}

/** Once per process at start: the data directory and the SQLite files are made private, and SQLite
 * runs in WAL mode so the portal and its test runner can read while the other writes
 * (better-sqlite3 already waits up to 5 s on a lock), without an fsync per commit. */
export async function prepareDatabase(): Promise<void> {
  restrictDataPermissions();
  if (databaseUrl().startsWith("postgres")) return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  // In WAL mode NORMAL syncs at checkpoints, not at every commit: the database stays consistent
  // after a crash, and a write costs no fsync (a power cut may lose the last moments).
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  // The first statements may have just created the -wal and -shm files (same mode as the main file).
  restrictDataPermissions();
}

/** A case-insensitive `contains` filter on both databases: SQLite's LIKE already ignores ASCII case;
 *  PostgreSQL needs `mode: "insensitive"`, which the SQLite client's types do not know (hence the
 *  cast: the client generated for PostgreSQL accepts it, and only that client receives it). */
export function containsText(q: string): { contains: string } {
  return databaseUrl().startsWith("postgres") ? ({ contains: q, mode: "insensitive" } as { contains: string }) : { contains: q };
}
