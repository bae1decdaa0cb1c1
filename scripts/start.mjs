#!/usr/bin/env node
// `npm start`: from a fresh clone with only Node installed — install dependencies, generate the
// Prisma client, apply migrations, build, and serve on http://localhost:3000 (PORT overrides).
// `npm start -- --postgres`: on a private PostgreSQL server (scripts/pg.mjs, data in .postgres/),
// started first and stopped when the portal stops.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuild, ensureDependencies, ensureRegistryBinary, portalEnv, prepareDatabase, root, serverCommand } from "./steps.mjs";

const dev = process.argv.includes("--dev");
const postgres = process.argv.includes("--postgres");
await ensureDependencies();
await ensureRegistryBinary(process.env);
let pg = null;
if (postgres) {
  const { startPostgres } = await import("./pg.mjs");
  pg = await startPostgres({ dir: path.join(root, ".postgres") });
  console.log(`[start] PostgreSQL on ${pg.url} (data in .postgres/)`);
}
const env = portalEnv({ NODE_ENV: dev ? "development" : "production", ...(pg ? { DATABASE_URL: pg.url } : {}) });
const stopPg = async () => {
  if (pg) await pg.stop().catch((e) => console.error(`[start] stopping PostgreSQL: ${e.message}`));
  pg = null;
};
try {
  await prepareDatabase(env);
  if (!dev) await ensureBuild(env);
} catch (e) {
  await stopPg();
  throw e;
}
console.log(`[start] data directory: ${env.CAAS_DATA_DIR}; database: ${env.DATABASE_URL.startsWith("file:") ? env.DATABASE_URL : "PostgreSQL"}`);
// Signals go to the portal, which shuts down gracefully; then the private PostgreSQL stops.
const server = serverCommand({ dev });
const child = spawn(server.cmd, server.args, { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
const code = await new Promise((resolve) => {
  child.on("error", (e) => (console.error(e.message), resolve(1)));
  child.on("exit", (c) => resolve(c ?? 1));
});
await stopPg();
process.exit(code);
