// Integration tiers: one real portal (production build, real database, worker, socket.io) for all
// suites, started fresh. Suites talk to it over HTTP and read its database directly.
//   integration     SQLite file under data/test-integration
//   integration-pg  a private PostgreSQL server (scripts/pg.mjs: free loopback port, own data
//                   directory under /tmp, stopped at the end even when suites fail); the Prisma
//                   client is generated for PostgreSQL for the tier and for SQLite again afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureClientFor, type Provider } from "../support/prisma-client";

const PORT = 3101;
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
  const provider: Provider = project.name === "integration-pg" ? "postgresql" : "sqlite";
  const admin = { email: "admin@example.test", password: "admin-password-1" };
  const cleanups: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const c of cleanups.reverse()) await c().catch((e) => console.error("[global-setup] teardown:", e));
  };
  try {
    let databaseUrl = `file:${path.join(root, "data", "test-integration", "caas.db")}`;
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
      cleanups.push(() => ensureClientFor("sqlite"));
    }
    await ensureClientFor(provider, databaseUrl);
    const started = Date.now();
    server = spawn(process.execPath, [path.join(root, "scripts", "test-server.mjs"), "integration", String(PORT)], {
      cwd: root,
      env: { ...process.env, CAAS_ADMIN_EMAIL: admin.email, CAAS_ADMIN_PASSWORD: admin.password, CAAS_TEST_DATABASE_URL: databaseUrl },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const s = server;
    cleanups.push(async () => {
      if (s.exitCode === null) {
        s.kill("SIGTERM");
        await new Promise((r) => s.once("exit", r));
      }
    });
    const baseUrl = `http://127.0.0.1:${PORT}`;
    await waitForHealth(`${baseUrl}/api/health`, 120_000);
    console.log(`[global-setup] ${project.name}: portal on ${provider} ready in ${Date.now() - started} ms`);
    project.provide("baseUrl", baseUrl);
    project.provide("databaseUrl", databaseUrl);
    project.provide("dataDir", path.join(root, "data", "test-integration"));
    project.provide("admin", admin);
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    dataDir: string;
    admin: { email: string; password: string };
  }
}
