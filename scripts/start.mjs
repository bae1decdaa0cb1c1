#!/usr/bin/env node
// `npm start`: from a fresh clone with only Node installed — install dependencies, generate the
// Prisma client, apply migrations, build, and serve on http://localhost:3000 (PORT overrides).
import { ensureBuild, ensureDependencies, portalEnv, prepareDatabase, root, run } from "./steps.mjs";
import path from "node:path";

const dev = process.argv.includes("--dev");
await ensureDependencies();
const env = portalEnv({ NODE_ENV: dev ? "development" : "production" });
await prepareDatabase(env);
if (!dev) await ensureBuild(env);
console.log(`[start] data directory: ${env.CAAS_DATA_DIR}; database: ${env.DATABASE_URL.startsWith("file:") ? env.DATABASE_URL : "PostgreSQL"}`);
await run(path.join(root, "node_modules", ".bin", "tsx"), ["server.ts"], { env }).catch((e) => {
  console.error(e.message);
  process.exit(1);
});
