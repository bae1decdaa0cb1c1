// The multi-host lab as the integration tests see it (scripts/lab/up.sh brings it up first).
// A suite that needs it fails — never skips — when an engine does not answer.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { engineFor, type Engine } from "@/lib/docker";
import { waitForJob, type ApiClient } from "./api-client";

// The lab has two sets of three engines (scripts/lab/env.sh): set 1 is h1..h3 at 10.77.0.11-13,
// set 2 is h4..h6 at 10.77.0.14-16. A tier names its set in CAAS_LAB_SET (vitest.config.ts:
// integration-pg uses set 2), so two tiers run at the same time without sharing an engine. The
// portal names stay lab1..lab3 in both; `dir` is the engine's name in the lab (netns, folder).
export const LAB_SET: 1 | 2 = process.env.CAAS_LAB_SET === "2" ? 2 : 1;
const FIRST = LAB_SET === 2 ? 4 : 1;
export const LAB_HOSTS = [0, 1, 2].map((i) => {
  const ip = `10.77.0.1${FIRST + i}`;
  return {
    name: `lab${i + 1}`,
    dir: `h${FIRST + i}`,
    netns: `caas-lab-h${FIRST + i}`,
    sock: `/run/caas-lab/h${FIRST + i}.sock`,
    ip,
    endpoint: `tcp://${ip}:2375`,
  };
});
/** The test portal's embedded registry, as the lab engines reach it (one per set: test-server.mjs). */
export const LAB_REGISTRY = LAB_SET === 2 ? "10.77.0.1:5001" : "10.77.0.1:5000";

export function labEngine(i: number): Engine {
  return engineFor({ endpoint: LAB_HOSTS[i].endpoint }, { timeoutMs: 10_000 });
}

/** Fails loudly when the lab is down, and makes sure no engine is left in a swarm by an earlier run. */
export async function requireCleanLab(): Promise<void> {
  for (let i = 0; i < LAB_HOSTS.length; i++) {
    const e = labEngine(i);
    try {
      await e.ping();
    } catch (err) {
      throw new Error(`Lab engine ${LAB_HOSTS[i].endpoint} does not answer: run "npm run lab:up" (npm test does). ${(err as Error).message}`);
    }
    const info = await e.info();
    if (info.swarm.state !== "inactive") await e.swarmLeave({ force: true });
  }
  await restartEnginesKeepingGossip();
}

/** Leaves every lab engine's swarm (cleanup after a suite, whatever happened). */
export async function leaveAllSwarms(): Promise<void> {
  await Promise.all(
    LAB_HOSTS.map((_, i) =>
      labEngine(i)
        .swarmLeave({ force: true })
        .catch(() => undefined),
    ),
  );
  await restartEnginesKeepingGossip();
}

/** Whether the dockerd of lab host `dir` listens on the swarm gossip port (TCP 7946) in its netns. */
function gossipListening(dir: string): boolean {
  const pid = labDockerdPid(dir);
  if (!pid) return false;
  // /proc/<pid>/net/tcp{,6}: the sockets of the process's network namespace; 1F0A = 7946, 0A = LISTEN
  return ["tcp", "tcp6"].some((f) => {
    try {
      return fs
        .readFileSync(`/proc/${pid}/net/${f}`, "utf8")
        .split("\n")
        .slice(1)
        .some((l) => {
          const [, local, , st] = l.trim().split(/\s+/);
          return local?.endsWith(":1F0A") && st === "0A";
        });
    } catch {
      return false;
    }
  });
}

/**
 * An engine out of every swarm that still holds the gossip port has a network agent left over from
 * a swarm it left (seen after suites that restart other lab engines): every later swarm's agent then
 * fails ("failed to create memberlist ... address already in use") and overlay traffic between hosts
 * is lost, failing the next suites' cross-host checks. Such an engine is restarted
 * (scripts/lab/restart-host.sh, as up.sh starts it). A clean leave closes the port at once.
 */
async function restartEnginesKeepingGossip(): Promise<void> {
  for (let i = 0; i < LAB_HOSTS.length; i++) {
    const h = LAB_HOSTS[i];
    const until = Date.now() + 2_000;
    while (gossipListening(h.dir) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (!gossipListening(h.dir)) continue;
    const state = await labEngine(i)
      .info()
      .then((info) => info.swarm.state)
      .catch(() => "unknown");
    if (state !== "inactive") continue;
    console.warn(`lab: ${h.dir} holds the gossip port out of any swarm; restarting its dockerd`);
    await restartLabHost(h.dir);
  }
}

/** Restarts lab host dir's dockerd (h1, h2...) as up.sh starts it, with its drop-ins if any. */
export function restartLabHost(dir: string): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    execFile("bash", [path.join(repoRoot, "scripts", "lab", "restart-host.sh"), dir], { timeout: 120_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`lab restart-host.sh ${dir} failed: ${stderr.slice(-500)}`)) : resolve(),
    ),
  );
}

export async function httpGet(url: string, timeoutMs = 3000): Promise<{ status: number; text: string } | null> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: r.status, text: await r.text() };
  } catch {
    return null;
  }
}

export async function eventually<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 500): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
}

/**
 * Frees the lab hosts a suite took: each environment's apps first (a host of an environment with
 * apps is not removed), then its hosts (last added first), then every engine leaves its swarm.
 * Throws when a host row is left behind, so the suite that leaked it fails, not the next one (whose
 * host add would meet the leftover row).
 */
export async function releaseLab(admin: ApiClient, environmentIds: (string | undefined)[]): Promise<void> {
  const left: string[] = [];
  for (const env of environmentIds) {
    if (!env) continue;
    const apps = await admin.get(`/api/v1/environments/${env}/apps`);
    for (const a of (apps.body?.items ?? []) as { id: string }[]) {
      const d = await admin.delete(`/api/v1/apps/${a.id}`);
      if (d.status === 202) await waitForJob(admin, d.body.jobId, 120_000).catch(() => undefined);
    }
    const hosts = await admin.get(`/api/v1/environments/${env}/hosts`);
    for (const h of [...((hosts.body?.items ?? []) as { id: string; name: string }[])].reverse()) {
      const r = await admin.delete(`/api/v1/hosts/${h.id}`);
      if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
      else left.push(`${h.name}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  await leaveAllSwarms();
  if (left.length) throw new Error(`lab hosts not released: ${left.join("; ")}`);
}

/**
 * Host rows still registered when a suite ends (any environment, any tenant), released through the
 * API as `releaseLab` does. Called after every integration file (setup-env.ts): the leaking suite
 * fails there, and the next one starts with the lab free instead of meeting "already registered".
 */
export async function releaseLeftoverHosts(baseUrl: string, admin: { email: string; password: string }): Promise<string[]> {
  const { db } = await import("@/lib/db");
  const rows = await db.host.findMany({ select: { name: true, environmentId: true } });
  if (!rows.length) return [];
  const { tokenClient } = await import("./api-client");
  const api = await tokenClient(baseUrl, admin.email, admin.password);
  await releaseLab(api, [...new Set(rows.map((r) => r.environmentId))]).catch(() => undefined);
  const still = await db.host.findMany({ select: { id: true, name: true, status: true, lastError: true } });
  if (still.length) {
    // The portal could not remove them (the leaking suite fails with why): drop the rows and leave
    // the swarms, so the next file does not meet "already registered" for someone else's failure.
    await db.host.deleteMany({ where: { id: { in: still.map((h) => h.id) } } });
    await leaveAllSwarms();
  }
  return rows.map((r) => r.name).concat(still.map((h) => `(${h.name} could not be removed: ${h.status}, ${h.lastError ?? "no error recorded"})`));
}

/** Adds the three lab engines to an environment as `admin` (the first initialises the swarm): lab host name → portal host id. */
export async function addLabHosts(admin: ApiClient, environmentId: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const h of LAB_HOSTS) {
    const r = await admin.post(`/api/v1/environments/${environmentId}/hosts`, { name: h.name, endpoint: h.endpoint });
    if (r.status !== 201) throw new Error(`adding lab host ${h.name}: ${r.status} ${JSON.stringify(r.body)}`);
    ids[h.name] = r.body.id;
  }
  return ids;
}

/** Brings a lab host a suite stopped back (scripts/lab/up.sh keeps what is up and restarts the rest). */
export function labUp(): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn("bash", [path.resolve(import.meta.dirname, "../../scripts/lab/up.sh"), String(LAB_SET)], { stdio: ["ignore", "ignore", "inherit"] });
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`lab up exited ${code}`))));
  });
}

// ─── Restarting one lab engine with another configuration (issue 15) ─────────────────────────────
export const LAB_DIR = process.env.CAAS_LAB_DIR || "/var/lib/caas-lab";
const repoRoot = path.resolve(import.meta.dirname, "../..");

/** The pid of lab host hN's dockerd when it is alive and really the lab's (as env.sh checks). */
function labDockerdPid(h: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(LAB_DIR, h, "docker.pid"), "utf8").replace(/\D/g, ""));
    if (!pid) return null;
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(path.join(LAB_DIR, h, "daemon.json")) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Stops lab engine i (SIGTERM to its dockerd, by pid) and starts it again through scripts/lab/up.sh
 * with `extra` merged into its daemon.json (<lab dir>/hN/daemon.extra.json), or plain again when
 * extra is null. Resolves once up.sh has seen the engine answer on its unix socket.
 */
export async function restartLabEngine(i: number, extra: Record<string, unknown> | null): Promise<void> {
  const h = LAB_HOSTS[i].dir;
  const file = path.join(LAB_DIR, h, "daemon.extra.json");
  if (extra) fs.writeFileSync(file, JSON.stringify(extra, null, 2));
  else fs.rmSync(file, { force: true });
  const pid = labDockerdPid(h);
  if (pid) {
    process.kill(pid, "SIGTERM");
    const until = Date.now() + 30_000;
    while (fs.existsSync(`/proc/${pid}`) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (fs.existsSync(`/proc/${pid}`)) process.kill(pid, "SIGKILL");
  }
  await new Promise<void>((resolve, reject) =>
    execFile("bash", [path.join(repoRoot, "scripts", "lab", "up.sh"), String(LAB_SET)], { timeout: 120_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`lab up.sh failed: ${stderr.slice(-500)}`)) : resolve(),
    ),
  );
}
