// The generated Prisma client is for one provider (node_modules/.prisma/client). Test tiers switch
// it: generated for the provider the tier's DATABASE_URL names, and for SQLite again afterwards.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

export type Provider = "sqlite" | "postgresql";
const root = path.resolve(import.meta.dirname, "../..");

/** The provider the generated client was made for, or null when there is none. */
export function generatedProvider(): Provider | null {
  try {
    const schema = fs.readFileSync(path.join(root, "node_modules", ".prisma", "client", "schema.prisma"), "utf8");
    const m = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schema);
    return (m?.[1] as Provider) ?? null;
  } catch {
    return null;
  }
}

/** Generates the client for `provider` unless it already is (a few seconds). */
export async function ensureClientFor(provider: Provider, url?: string): Promise<void> {
  if (generatedProvider() === provider) return;
  const databaseUrl =
    url && url.startsWith(provider === "sqlite" ? "file:" : "postgres")
      ? url
      : provider === "sqlite"
        ? "file:./data/caas.db"
        : "postgresql://placeholder@127.0.0.1:5432/placeholder";
  await promisify(execFile)(path.join(root, "node_modules", ".bin", "prisma"), ["generate"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1" },
  });
  if (generatedProvider() !== provider) throw new Error(`prisma generate did not produce a ${provider} client`);
}
