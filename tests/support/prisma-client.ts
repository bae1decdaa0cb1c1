// Generated Prisma clients of the test tiers. The default client (node_modules/.prisma/client) is
// SQLite's and stays so. The PostgreSQL tier gets a client of its own in node_modules/.prisma-pg/client,
// which its processes load instead (scripts/prisma-client-pg.mjs, preloaded through NODE_OPTIONS): so
// the SQLite and the PostgreSQL tier can run at the same time from one checkout.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

export type Provider = "sqlite" | "postgresql";
const root = path.resolve(import.meta.dirname, "../..");
export const PG_CLIENT_HOOK = path.join(root, "scripts", "prisma-client-pg.mjs");
const pgDir = path.join(root, "node_modules", ".prisma-pg");

/** NODE_OPTIONS for a process (and its children) that must load the PostgreSQL client. */
export function pgNodeOptions(current = process.env.NODE_OPTIONS ?? ""): string {
  return current.includes(PG_CLIENT_HOOK) ? current : `${current} --import ${PG_CLIENT_HOOK}`.trim();
}

function providerOf(clientDir: string): Provider | null {
  try {
    const schema = fs.readFileSync(path.join(clientDir, "schema.prisma"), "utf8");
    const m = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schema);
    return (m?.[1] as Provider) ?? null;
  } catch {
    return null;
  }
}

/** The provider the default client was generated for, or null when there is none. */
export function generatedProvider(): Provider | null {
  return providerOf(path.join(root, "node_modules", ".prisma", "client"));
}

function newestSchemaMtime(): number {
  const files = [path.join(root, "prisma", "postgresql", "main.prisma")];
  const models = path.join(root, "prisma", "models");
  for (const f of fs.readdirSync(models)) if (f.endsWith(".prisma")) files.push(path.join(models, f));
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

/**
 * Generates the PostgreSQL client into node_modules/.prisma-pg/client unless it is there and newer
 * than the schema (a few seconds). The schema folder is a copy of prisma/postgresql whose generator
 * writes there; the default client is never touched.
 */
export async function ensurePgClient(): Promise<void> {
  const client = path.join(pgDir, "client");
  const stamp = path.join(client, "schema.prisma");
  if (providerOf(client) === "postgresql" && fs.statSync(stamp).mtimeMs >= newestSchemaMtime()) return;
  const schemaDir = path.join(pgDir, "schema");
  fs.rmSync(schemaDir, { recursive: true, force: true });
  fs.mkdirSync(schemaDir, { recursive: true });
  const main = fs.readFileSync(path.join(root, "prisma", "postgresql", "main.prisma"), "utf8");
  const withOutput = main.replace(/(generator\s+client\s*\{)/, `$1\n  output = "../client"`);
  if (withOutput === main) throw new Error("prisma/postgresql/main.prisma: no `generator client` block");
  fs.writeFileSync(path.join(schemaDir, "main.prisma"), withOutput);
  fs.symlinkSync(path.join(root, "prisma", "models"), path.join(schemaDir, "models"));
  await promisify(execFile)(path.join(root, "node_modules", ".bin", "prisma"), ["generate", "--schema", schemaDir], {
    cwd: root,
    // prisma.config.ts picks the provider from the URL; the client itself never connects with it
    env: { ...process.env, DATABASE_URL: "postgresql://placeholder@127.0.0.1:5432/placeholder", CHECKPOINT_DISABLE: "1" },
  });
  if (providerOf(client) !== "postgresql") throw new Error("prisma generate did not produce a postgresql client in node_modules/.prisma-pg");
}
