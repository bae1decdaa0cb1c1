// Integration tiers: one real portal (production build, real database, worker, socket.io) for all
// suites, started fresh. Suites talk to it over HTTP and read its database directly. The two tiers
// share nothing, so npm test runs them at the same time:
//   integration     SQLite file under data/test-integration, portal on :3101, embedded registry on
//                   10.77.0.1:5000, lab set 1 (h1..h3)
//   integration-pg  a private PostgreSQL server (scripts/pg.mjs: free loopback port, own data
//                   directory under /tmp, stopped at the end even when suites fail), data under
//                   data/test-integration-pg, portal on :3103 (the bench's is :3102), registry on 10.77.0.1:5001, lab set 2
//                   (h4..h6, CAAS_LAB_SET=2 from vitest.config.ts). Its processes load the PostgreSQL
//                   Prisma client generated into node_modules/.prisma-pg (tests/support/prisma-client.ts);
//                   the default client stays SQLite's.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensurePgClient, pgNodeOptions } from "../support/prisma-client";

const TIERS = {
  integration: { port: 3101, dataName: "integration", registry: "10.77.0.1:5000", labSet: "1" },
  "integration-pg": { port: 3103, dataName: "integration-pg", registry: "10.77.0.1:5001", labSet: "2" },
} as const;
const root = path.resolve(import.meta.dirname, "../..");
let server: ChildProcess | undefined;

async function waitForHealth(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`test server exited with ${server.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`portal did not answer ${url} within ${timeoutMs} ms`);
}

interface PgServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export default async function setup(project: TestProject) {
  const tier = TIERS[project.name as keyof typeof TIERS];
  if (!tier) throw new Error(`global-setup: unknown integration project ${project.name}`);
  const provider = project.name === "integration-pg" ? "postgresql" : "sqlite";
  const dataDir = path.join(root, "data", `test-${tier.dataName}`);
  const admin = { email: "admin@example.test", password: "admin-password-1" };
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => console.error("[global-setup] teardown:", e));
  };
  try {
    // The tier's lab set (kept when up: a second or two), so a single suite needs no manual step.
    await labUp(tier.labSet);
    let databaseUrl = `file:${path.join(dataDir, "caas.db")}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (provider === "postgresql") {
      const pgMod = (await import(path.join(root, "scripts", "pg.mjs"))) as {
        startPostgres(o: { fast?: boolean }): Promise<PgServer>;
        removePostgres(dir: string): void;
      };
      const pg = await pgMod.startPostgres({ fast: true });
      cleanups.push(async () => {
        await pg.stop();
        pgMod.removePostgres(pg.dir);
      });
      databaseUrl = pg.url;
      await ensurePgClient();
      env.NODE_OPTIONS = pgNodeOptions(env.NODE_OPTIONS);
    }
    const started = Date.now();
    server = spawn(process.execPath, [path.join(root, "scripts", "test-server.mjs"), tier.dataName, String(tier.port)], {
      cwd: root,
      env: {
        ...env,
        CAAS_REGISTRY_ADDR: tier.registry,
        // replication.test.ts stops a region's registry: retries come within seconds
        CAAS_REPLICATION_BACKOFF_MS: "1000",
        CAAS_REPLICATION_BACKOFF_CAP_MS: "8000",
        CAAS_ADMIN_EMAIL: admin.email,
        CAAS_ADMIN_PASSWORD: admin.password,
        CAAS_TEST_DATABASE_URL: databaseUrl,
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const s = server;
    cleanups.push(async () => {
      if (s.exitCode === null) {
        s.kill("SIGTERM");
        await new Promise((r) => s.once("exit", r));
      }
    });
    const baseUrl = `http://127.0.0.1:${tier.port}`;
    await waitForHealth(`${baseUrl}/api/health`, 120_000);
    console.log(`[global-setup] ${project.name}: portal on ${provider} ready in ${Date.now() - started} ms`);
    project.provide("baseUrl", baseUrl);
    project.provide("databaseUrl", databaseUrl);
    project.provide("dataDir", dataDir);
    project.provide("admin", admin);
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}

function labUp(set: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn("bash", [path.join(root, "scripts", "lab", "up.sh"), set], { stdio: ["ignore", "ignore", "inherit"] });
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`scripts/lab/up.sh ${set} exited ${code}`))));
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    dataDir: string;
    admin: { email: string; password: string };
  }
}
