// Starting what the bench needs: the lab engines, a production build, a throw-away production
// portal (scripts/test-server.mjs, its own data dir and port), and finding the portal's process.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild as buildPortal, SERVER_BUNDLE } from "../scripts/steps.mjs";
import { BenchError, sleep, stats } from "./support";

export const root = path.resolve(import.meta.dirname, "..");

export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; quietStdout?: boolean } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", opts.quietStdout ? "ignore" : "inherit", "inherit"], env: { ...process.env, ...opts.env } });
    child.on("error", reject);
    child.on("exit", (code, signal) => (code === 0 ? resolve() : reject(new BenchError(`${cmd} ${args.join(" ")} failed (${signal ?? `exit ${code}`})`))));
  });
}

export async function labUp(): Promise<void> {
  // idempotent; prints "<name> <endpoint>" lines we do not need
  await run("bash", [path.join(root, "scripts", "lab", "up.sh")], { quietStdout: true });
}

/** `next build` when the sources are newer than the build (scripts/steps.mjs, as `npm test` does),
 * then the server bundle the production portal runs. */
export async function ensureBuild(log: (m: string) => void): Promise<void> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  try {
    await buildPortal({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
  } catch (e) {
    // most often another build of the same tree is running: wait for it to finish
    log(`${(e as Error).message}; waiting up to 10 min for another build to write .next/BUILD_ID`);
    const until = Date.now() + 600_000;
    while (!fs.existsSync(buildId) || !fs.existsSync(SERVER_BUNDLE)) {
      if (Date.now() > until) throw e;
      await sleep(2000);
    }
  }
}

export interface Portal {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

export interface PortalOptions {
  /** scripts/test-server.mjs's name: data in data/test-<name> (default "bench"). */
  dataName?: string;
  /** Where the process's output goes (default data/bench-portal.log). */
  logFile?: string;
  /** More environment for the process (a shared database, shared secrets). */
  env?: Record<string, string>;
  /** Told as soon as the process exists, before it answers: so a cleanup can stop it whatever happens next. */
  onSpawn?: (portal: Portal) => void;
}

export async function startPortal(port: number, admin: { email: string; password: string }, opts: PortalOptions = {}): Promise<Portal> {
  const logFile = opts.logFile ?? path.join(root, "data", "bench-portal.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, "w");
  const child = spawn(process.execPath, [path.join(root, "scripts", "test-server.mjs"), opts.dataName ?? "bench", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      // the list fixture's deploys of 100 tasks take minutes on a 2-core lab: they must not time out
      CAAS_DEPLOY_TIMEOUT_MS: process.env.CAAS_DEPLOY_TIMEOUT_MS || "900000",
      // the production periods (README, Configuration), not the test server's short ones (stats every
      // 2 s, alerts every 1 s): sampling 1,000 containers every 2 s is load no installation runs
      CAAS_STATS_INTERVAL_MS: process.env.CAAS_STATS_INTERVAL_MS || "10000",
      CAAS_ALERT_INTERVAL_MS: process.env.CAAS_ALERT_INTERVAL_MS || "15000",
      ...opts.env,
      CAAS_ADMIN_EMAIL: admin.email,
      CAAS_ADMIN_PASSWORD: admin.password,
    },
    stdio: ["ignore", out, out],
  });
  fs.closeSync(out);
  const baseUrl = `http://127.0.0.1:${port}`;
  const portal: Portal = {
    baseUrl,
    port,
    child,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
  opts.onSpawn?.(portal);
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new BenchError(`the portal exited with ${child.exitCode}; see ${logFile}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) {
      await portal.stop();
      throw new BenchError(`the portal did not answer ${baseUrl}/api/health within 180 s; see ${logFile}`);
    }
    await sleep(250);
  }
  return portal;
}

/** Is something already listening on the port? (another run, or a stale portal) */
export function portBusy(port: number): boolean {
  const r = spawnSync("ss", ["-ltnH", `sport = :${port}`], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim().length > 0;
}

/** The pid of the process that listens on `port` (the portal's Node process, not its tsx parent). */
export function listenerPid(port: number): number | null {
  const r = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const m = /pid=(\d+)/.exec(r.stdout ?? "");
  return m ? Number(m[1]) : null;
}

/** User + system CPU time a process has used so far, in ms (/proc/<pid>/stat: utime, stime). */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // the command name (field 2) may hold spaces: count the fields after its closing parenthesis
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** CPU time all processes of the machine have used so far, in ms (/proc/stat: user, nice, system,
 *  irq, softirq, steal; idle and iowait left out). */
function machineBusyMs(): number {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return ((f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) * 1000) / 100;
}

/** CPU used while each side's trials ran (the portal's process, the whole machine): tells the
 *  portal's own work on this 2-core machine from the engine's. */
export function cpuBySide(pid: number | null) {
  const used = { raw: { portal: [] as number[], machine: [] as number[] }, portal: { portal: [] as number[], machine: [] as number[] } };
  const of = (side: "raw" | "portal") => `${stats(used[side].portal).p50.toFixed(0)} / ${stats(used[side].machine).p50.toFixed(0)}`;
  return {
    /** Start measuring one trial of `side`; call the answer when the measured part ended. */
    start(side: "raw" | "portal") {
      const p0 = pid ? cpuMs(pid) : NaN;
      const m0 = machineBusyMs();
      return () => {
        used[side].portal.push(pid ? cpuMs(pid) - p0 : NaN);
        used[side].machine.push(machineBusyMs() - m0);
      };
    },
    /** Flat, for a row's samples. */
    samples: () => ({
      cpuRawPortal: used.raw.portal,
      cpuRawMachine: used.raw.machine,
      cpuPortalPortal: used.portal.portal,
      cpuPortalMachine: used.portal.machine,
    }),
    note: () => `CPU while a trial ran (p50 ms, portal process / whole machine): raw trials ${of("raw")}, portal trials ${of("portal")}`,
  };
}

/** VmRSS of a process, in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new BenchError(`no VmRSS for pid ${pid}`);
  return Number(m[1]) / 1024;
}
