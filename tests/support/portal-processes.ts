// Several portal processes on one PostgreSQL database for the HA suites: each is
// scripts/test-server.mjs in a process group of its own (so `kill -9` of the group is a crashed
// machine: the portal and its children die at once, nothing is handed back).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");

export interface PortalProcess {
  name: string;
  port: number;
  baseUrl: string;
  child: ChildProcess;
  /** pids of the process group (the portal's node process is one of them) */
  alive(): boolean;
  kill9(): void;
  stop(): Promise<void>;
}

/** A fresh database next to the tier's (same server), for a suite that runs its own processes. */
export async function freshDatabase(tierUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: tierUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(tierUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function waitForHealth(p: PortalProcess, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (p.child.exitCode !== null) throw new Error(`portal ${p.name} exited with ${p.child.exitCode}`);
    try {
      const r = await fetch(`${p.baseUrl}/api/health`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`portal ${p.name} did not answer within ${timeoutMs} ms`);
}

/** Starts one portal process; the first of a group (shared=false) resets the data dir and database. */
export function startPortal(opts: {
  name: string;
  dataName: string;
  port: number;
  databaseUrl: string;
  shared: boolean;
  env: Record<string, string>;
}): PortalProcess {
  const child = spawn(process.execPath, [path.join(root, "scripts", "test-server.mjs"), opts.dataName, String(opts.port)], {
    cwd: root,
    env: { ...process.env, ...opts.env, CAAS_TEST_DATABASE_URL: opts.databaseUrl, CAAS_TEST_SHARED: opts.shared ? "1" : "0" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true, // its own process group
  });
  const pgid = child.pid!;
  const p: PortalProcess = {
    name: opts.name,
    port: opts.port,
    baseUrl: `http://127.0.0.1:${opts.port}`,
    child,
    alive: () => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    },
    kill9: () => {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        /* gone */
      }
    },
    stop: async () => {
      if (!p.alive()) return;
      try {
        process.kill(-pgid, "SIGTERM");
      } catch {
        return;
      }
      const until = Date.now() + 30_000;
      while (p.alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      p.kill9();
    },
  };
  return p;
}

/** The process group a pid belongs to (Linux /proc). */
export function processGroupOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // pid (comm) state ppid pgrp …; comm may hold spaces: split after the last ')'
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[2]);
  } catch {
    return null;
  }
}

/** The pid inside a lease owner / holder id (host:pid:random). */
export function pidOfHolder(holder: string): number {
  return Number(holder.split(":").at(-2));
}
