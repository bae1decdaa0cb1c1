#!/usr/bin/env node
// Starts a throw-away portal for a test tier: `node scripts/test-server.mjs <name> <port>`.
// Fresh data directory data/test-<name>, migrations applied, production server, a known admin.
// Used by the integration global setup and Playwright's webServer alike.
//   CAAS_TEST_DATABASE_URL  the tier's database (default: SQLite in the data directory); a
//                           PostgreSQL database is emptied first (schema `public` dropped).
//   CAAS_TEST_SHARED=1      one of several processes on one database (HA suites): neither the data
//                           directory nor the database is reset, migrations are left to the first.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { npx, portalEnv, root, serverCommand } from "./steps.mjs";

const [name = "e2e", port = "3100"] = process.argv.slice(2);
const shared = process.env.CAAS_TEST_SHARED === "1";
const dataDir = path.join(root, "data", `test-${name}`);
if (!shared) fs.rmSync(dataDir, { recursive: true, force: true });
const databaseUrl = process.env.CAAS_TEST_DATABASE_URL || `file:${path.join(dataDir, "caas.db")}`;
const env = portalEnv({
  CAAS_DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  PORT: port,
  HOST: "0.0.0.0", // the lab engines fetch registry tokens from the portal (CAAS_REGISTRY_TOKEN_REALM)
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NODE_ENV: "production",
  CAAS_STATS_INTERVAL_MS: process.env.CAAS_STATS_INTERVAL_MS || "2000", // containers suites read stats history
  CAAS_HOST_PROBE_IMAGE: process.env.CAAS_HOST_PROBE_IMAGE || "lab/busybox:latest", // the lab engines' only image (host metrics probe)
  CAAS_ALERT_INTERVAL_MS: process.env.CAAS_ALERT_INTERVAL_MS || "1000", // observe suites wait for alerts to fire and resolve
  // The lab engines are the registry clients: registry and token realm on the lab side of 10.77.0.1.
  CAAS_REGISTRY_ADDR: process.env.CAAS_REGISTRY_ADDR || "10.77.0.1:5000",
  CAAS_REGISTRY_TOKEN_REALM: `http://10.77.0.1:${port}/api/registry/token`,
  // Lab hosts run the host registration command (issue 15): they reach the portal on the lab side.
  CAAS_REGISTRATION_URL: `http://10.77.0.1:${port}`,
  CAAS_ADMIN_EMAIL: process.env.CAAS_ADMIN_EMAIL || "admin@example.test",
  CAAS_ADMIN_PASSWORD: process.env.CAAS_ADMIN_PASSWORD || "admin-password-1",
});
if (!shared) {
  if (databaseUrl.startsWith("postgres")) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
    await client.end();
  }
  await npx("prisma", ["migrate", "deploy"], { env, stdio: ["ignore", "ignore", "inherit"] });
}
// What the portal prints also goes to a file beside its data directory, so suites can check that
// no secret value ever reaches the log (data/test-<name>.portal.log, 0600).
const log = fs.createWriteStream(`${dataDir}.portal.log`, { flags: shared ? "a" : "w", mode: 0o600 });
const server = serverCommand();
const child = spawn(server.cmd, server.args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
child.stdout.on("data", (d) => (process.stdout.write(d), log.write(d)));
child.stderr.on("data", (d) => (process.stderr.write(d), log.write(d)));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 1));
// Orphaned (the test runner that started this died or gave up on its teardown): stop the portal,
// which stops its registry, instead of holding the ports for the next tier.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) child.kill("SIGTERM");
}, 1000);
