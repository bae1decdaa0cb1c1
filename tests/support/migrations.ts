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
