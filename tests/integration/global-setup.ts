// Integration tier: one real portal (production build, real SQLite file, worker, socket.io) for
// all suites, started fresh. Suites talk to it over HTTP and read its database directly.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";

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

export default async function setup(project: TestProject) {
  const admin = { email: "admin@example.test", password: "admin-password-1" };
  server = spawn(process.execPath, [path.join(root, "scripts", "test-server.mjs"), "integration", String(PORT)], {
    cwd: root,
    env: { ...process.env, CAAS_ADMIN_EMAIL: admin.email, CAAS_ADMIN_PASSWORD: admin.password },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${PORT}`;
  await waitForHealth(`${baseUrl}/api/health`, 120_000);
  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", `file:${path.join(root, "data", "test-integration", "caas.db")}`);
  project.provide("admin", admin);
  return async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    admin: { email: string; password: string };
  }
}
