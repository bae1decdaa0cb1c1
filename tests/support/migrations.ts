// Both providers' migrations stay in step: the same folders, and each provider's migrations
// replayed on an empty database give exactly its schema (`prisma migrate diff --exit-code`).
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
export type Provider = "sqlite" | "postgresql";

export function migrationFolders(provider: Provider): string[] {
  const dir = path.join(root, "prisma", "migrations", provider);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function migrationSql(provider: Provider, folder: string): string {
  return fs.readFileSync(path.join(root, "prisma", "migrations", provider, folder, "migration.sql"), "utf8");
}

/** Exit code and output of `prisma migrate diff` from the provider's migrations to its schema:
 * 0 = no difference, 2 = a difference (printed as SQL), anything else an error. The shadow
 * database comes from `databaseUrl` (SQLite: in memory; PostgreSQL: a temporary database). */
export function diffMigrationsToSchema(provider: Provider, databaseUrl: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, "node_modules", ".bin", "prisma"),
      [
        "migrate",
        "diff",
        "--from-migrations",
        path.join("prisma", "migrations", provider),
        "--to-schema-datamodel",
        path.join("prisma", provider),
        "--script",
        "--exit-code",
      ],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

/** A database at some point of the migration history, for tests of a migration on existing rows. */
export interface MigratedDatabase {
  /** Runs one migration's SQL (or any script without parameters). */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** A fresh SQLite file (better-sqlite3, as the portal's adapter uses), removed on close. */
export async function sqliteScratch(file: string): Promise<MigratedDatabase> {
  const { createRequire } = await import("node:module");
  type Db = { exec(sql: string): void; prepare(sql: string): { all(): unknown[] }; close(): void };
  const Database = createRequire(import.meta.url)("better-sqlite3") as new (f: string) => Db;
  fs.rmSync(file, { force: true });
  const d = new Database(file);
  return {
    exec: async (sql) => void d.exec(sql),
    query: async <T>(sql: string) => d.prepare(sql).all() as T[],
    close: async () => {
      d.close();
      fs.rmSync(file, { force: true });
    },
  };
}

/** A fresh database on the PostgreSQL server of `url` (dropped on close). */
export async function postgresScratch(url: string): Promise<MigratedDatabase> {
  const { default: pg } = await import("pg");
  const name = `caas_migtest_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  return {
    exec: async (sql) => void (await c.query(sql)),
    query: async <T>(sql: string) => (await c.query(sql)).rows as T[],
    close: async () => {
      await c.end();
      await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.end();
    },
  };
}
