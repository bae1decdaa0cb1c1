#!/usr/bin/env node
// Starts a throw-away portal for a test tier: `node scripts/test-server.mjs <name> <port>`.
// Fresh data directory data/test-<name>, migrations applied, production server, a known admin.
// Used by the integration global setup and Playwright's webServer alike.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { npx, portalEnv, root } from "./steps.mjs";

const [name = "e2e", port = "3100"] = process.argv.slice(2);
const dataDir = path.join(root, "data", `test-${name}`);
fs.rmSync(dataDir, { recursive: true, force: true });
const env = portalEnv({
  CAAS_DATA_DIR: dataDir,
  DATABASE_URL: `file:${path.join(dataDir, "caas.db")}`,
  PORT: port,
  HOST: "127.0.0.1",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NODE_ENV: "production",
  CAAS_ADMIN_EMAIL: process.env.CAAS_ADMIN_EMAIL || "admin@example.test",
  CAAS_ADMIN_PASSWORD: process.env.CAAS_ADMIN_PASSWORD || "admin-password-1",
});
await npx("prisma", ["migrate", "deploy"], { env, stdio: ["ignore", "ignore", "inherit"] });
const child = spawn(path.join(root, "node_modules", ".bin", "tsx"), ["server.ts"], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 1));
