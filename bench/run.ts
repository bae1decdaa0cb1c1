// `npm run bench [-- --quick]`: the portal against the raw engine, side by side, in one run.
// Starts the lab (scripts/lab/up.sh), builds when there is no build, starts a throw-away production
// portal on its own port with its own data dir (data/test-bench), adds the three lab engines to a
// bench environment, runs every measurement against the portal and the raw Engine API on the same
// swarm, prints the table and writes bench/results/<timestamp>.json. Cleans up everything it
// created (apps, raw services, hosts → swarm leave); the lab stays up.
// Takes no lock itself: `npm run bench` runs it under scripts/with-test-lock.mjs, and `npm test`
// (which holds the lock) runs it once with --quick from the integration tier.
//
// After that portal's cleanup, the ports-ha phase starts three portal processes on one throw-away
// PostgreSQL database (ports <port>+20..22) and runs the ports measure against them round-robin
// (bench/measures/ports-ha.ts); its processes and server are stopped on every exit too.
//
// Options: --quick (small N), --port <n> (default 3102), --only deploy,scale,terminal,list,ports,ports-ha,dashboard,replication,
// --containers <n> (containers behind the list measure, in apps of ≤ 200 tasks since one app network
// is a /24; default 200, quick 12), --phase-deadline <s> (per phase; default 900, quick 240)
import fs from "node:fs";
import path from "node:path";
import { closeEngines, engineFor } from "@/lib/docker";
import { FULL, QUICK, type BenchContext } from "./context";
import { ensureBuild, labUp, listenerPid, portBusy, root, rssMb, startPortal, type Portal } from "./portal";
import { rawCleanupAll } from "./raw";
import { ALL_ROWS } from "./rows";
import { Api, BenchError, printTable, sleep, tokenFor, waitJob, type Row } from "./support";
import { DEPLOY_ROWS, measureDeploy } from "./measures/deploy";
import { SCALE_ROWS, measureScale } from "./measures/scale";
import { TERMINAL_ROWS, measureTerminal } from "./measures/terminal";
import { LIST_ROWS, measureList } from "./measures/list";
import { PORT_ROWS, measurePorts } from "./measures/ports";
import { PORT_HA_ROWS, measurePortsHa } from "./measures/ports-ha";
import { DASHBOARD_ROWS, measureDashboard } from "./measures/dashboard";
import { REPLICATION_ROWS, measureReplication } from "./measures/replication";

const LAB = [
  { name: "lab1", endpoint: "tcp://10.77.0.11:2375" },
  { name: "lab2", endpoint: "tcp://10.77.0.12:2375" },
  { name: "lab3", endpoint: "tcp://10.77.0.13:2375" },
];
const ADMIN = { email: "admin@example.test", password: "admin-password-1" };

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const argValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const port = Number(argValue("--port") ?? 3102);
const only = argValue("--only")?.split(",");
const containers = argValue("--containers");
const started = Date.now();
const log = (m: string) => console.log(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);

const rows: Row[] = [];
const cleanups: { what: string; fn: () => Promise<unknown> }[] = [];
// The phases after the single portal's cleanup (ports-ha) have their own list: run once, at the end
// of that phase or on a signal; what registers after it ran (a start still in flight when a phase
// deadline passed) is cleaned up at once.
const lateCleanups: { what: string; fn: () => Promise<unknown> }[] = [];
let lateCleaning: Promise<void> | undefined;
async function runCleanup(c: { what: string; fn: () => Promise<unknown> }): Promise<void> {
  try {
    await c.fn();
  } catch (e) {
    console.error(`[bench] cleanup of ${c.what} failed:`, (e as Error).message);
  }
}
const lateCleanUp = () =>
  (lateCleaning ??= (async () => {
    for (const c of lateCleanups.splice(0).reverse()) await runCleanup(c);
  })());
function onLateCleanup(what: string, fn: () => Promise<unknown>): void {
  if (lateCleaning) void lateCleaning.then(() => runCleanup({ what, fn }));
  else lateCleanups.push({ what, fn });
}
let stopping = false;
let harnessErrors = 0;

function failedRows(ids: readonly string[], e: unknown): Row[] {
  const msg = e instanceof Error ? e.message : String(e);
  return ids.map((id) => ({
    id,
    measure: id,
    unit: "",
    raw: null,
    portal: null,
    compare: "none" as const,
    compared: null,
    target: "",
    verdict: "FAIL" as const,
    note: `error: ${msg}`,
  }));
}

async function measure(name: string, ids: readonly string[], fn: () => Promise<Row[]>): Promise<void> {
  if (only && !only.includes(name)) {
    rows.push(...ids.map((id) => ({ ...failedRows([id], "")[0], verdict: "INFO" as const, note: "skipped (--only)" })));
    return;
  }
  log(`measuring ${name}`);
  // Each phase has its own deadline: a phase that hangs (a loaded machine, tasks never running)
  // fails its rows with the reason, and the run goes on to the next phase and the cleanup.
  const deadlineS = Number(argValue("--phase-deadline") ?? (quick ? 240 : 900));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchError(`phase ${name} did not finish within its deadline of ${deadlineS} s`)), deadlineS * 1000);
  });
  try {
    rows.push(...(await Promise.race([fn(), deadline])));
  } catch (e) {
    harnessErrors++;
    console.error(`[bench] ${name} failed:`, e instanceof Error ? e.stack : e);
    rows.push(...failedRows(ids, e));
  } finally {
    clearTimeout(timer);
  }
}

const sizes = { ...(quick ? QUICK : FULL), ...(containers ? { listContainers: Number(containers) } : {}) };

async function main(): Promise<number> {
  if (portBusy(port)) throw new BenchError(`port ${port} is taken: another bench run, or pass --port`);
  log(`${quick ? "quick" : "full"} run; lab up`);
  await labUp();
  await ensureBuild(log);
  const engines = LAB.map((h) => engineFor({ endpoint: h.endpoint }, { timeoutMs: 20_000 }));
  for (const [i, e] of engines.entries()) {
    const info = await e.info();
    if (info.swarm.state !== "inactive") {
      log(`${LAB[i].name} was left in a swarm by an earlier run: leaving it`);
      await e.swarmLeave({ force: true });
    }
  }
  log(`starting the portal on port ${port}`);
  let portal: Portal | undefined = await startPortal(port, ADMIN);
  const hostIds: string[] = [];
  const runId = Date.now().toString(36);
  let admin: Api | undefined;
  // The lab is left as found on every exit: the end of the run, an error, or a signal.
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      log("cleaning up");
      for (const c of cleanups.reverse()) await runCleanup(c);
      await rawCleanupAll({ manager: engines[0], runId } as BenchContext).catch(() => undefined);
      for (const id of [...hostIds].reverse()) {
        try {
          const r = await admin!.delete(`/api/v1/hosts/${id}`);
          if (r.status === 202) await waitJob(admin!, r.body.jobId, 180_000, 250);
        } catch (e) {
          console.error(`[bench] removing host ${id} failed:`, (e as Error).message);
        }
      }
      await Promise.all(engines.map((e) => e.swarmLeave({ force: true }).catch(() => undefined)));
      await portal?.stop();
      portal = undefined;
    })());
  const onSignal = (sig: NodeJS.Signals) => {
    log(`${sig}: stopping`);
    stopping = true;
    void cleanUp()
      .then(lateCleanUp)
      .finally(() => {
        closeEngines();
        process.exit(130);
      });
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  try {
    const pid = listenerPid(port);
    admin = await tokenFor(portal.baseUrl, ADMIN.email, ADMIN.password);
    const tenant = await admin.must("POST", "/api/v1/tenants", { name: "Bench", slug: `bench-${runId}` }, [201]);
    const users: Record<string, { email: string; password: string; api: Api }> = {};
    for (const role of ["owner", "member"]) {
      const email = `bench-${role}-${runId}@example.test`;
      const password = `bench-${role}-password`;
      const u = await admin.must("POST", "/api/v1/users", { email, name: `Bench ${role}`, password }, [201]);
      await admin.must("POST", `/api/v1/tenants/${tenant.id}/members`, { userId: u.id, role }, [201]);
      users[role] = { email, password, api: await tokenFor(portal.baseUrl, email, password) };
    }
    const env = await users.owner.api.must(
      "POST",
      "/api/v1/environments",
      { tenantId: tenant.id, name: "bench", portRange: { from: 30000, to: 30999 } },
      [201],
    );
    log("adding the three lab engines (swarm init + 2 joins)");
    for (const h of LAB) {
      const r = await admin.must("POST", `/api/v1/environments/${env.id}/hosts`, { name: h.name, endpoint: h.endpoint }, [201]);
      hostIds.push(r.id);
    }
    const ctx: BenchContext = {
      quick,
      sizes,
      baseUrl: portal.baseUrl,
      admin,
      member: users.member.api,
      memberCreds: { email: users.member.email, password: users.member.password },
      environmentId: env.id,
      manager: engines[0],
      engines,
      runId,
      envDefaults: {
        cpus: env.defaults.cpus,
        memoryMb: env.defaults.memoryMb,
        publishMode: env.publishMode,
        endpointMode: env.endpointMode,
        tenantId: tenant.id,
      },
      portalPid: pid,
      log,
      onCleanup: (what, fn) => cleanups.push({ what, fn }),
      shared: {},
    };

    // idle: started, set up, nothing asked of it for a few seconds (the reconciler still runs)
    await sleep(quick ? 2000 : 5000);
    const idle = pid ? rssMb(pid) : null;
    log(`portal pid ${pid}, RSS idle ${idle?.toFixed(0)} MB`);

    await measure("deploy", DEPLOY_ROWS, () => measureDeploy(ctx));
    await measure("scale", SCALE_ROWS, () => measureScale(ctx));
    await measure("terminal", TERMINAL_ROWS, () => measureTerminal(ctx));
    await measure("list", LIST_ROWS, () => measureList(ctx));
    await measure("ports", PORT_ROWS, () => measurePorts(ctx));
    await measure("dashboard", DASHBOARD_ROWS, () => measureDashboard(ctx));

    const after = pid && fs.existsSync(`/proc/${pid}`) ? rssMb(pid) : null;
    rows.push(
      {
        id: "rss-idle",
        measure: "portal memory at idle (RSS)",
        unit: "MB",
        raw: null,
        portal: idle,
        compare: "none",
        compared: null,
        target: "< 250 MB idle",
        verdict: idle !== null && idle < 250 ? "PASS" : "FAIL",
        note: `VmRSS of pid ${pid} (the process listening on :${port}) after setup and ${quick ? 2 : 5} s without requests`,
      },
      {
        id: "rss-after",
        measure: "portal memory after the run (RSS)",
        unit: "MB",
        raw: null,
        portal: after,
        compare: "none",
        compared: null,
        target: "< 400 MB after",
        verdict: after !== null && after < 400 ? "PASS" : "FAIL",
        note: "before the bench's apps are deleted",
      },
    );
  } finally {
    await cleanUp();
  }

  // Three processes on PostgreSQL, now that the lab engines are out of the single portal's swarm.
  if (!stopping)
    try {
      await measure("ports-ha", PORT_HA_ROWS, () =>
        measurePortsHa({
          quick,
          n: sizes.concurrentDeploys,
          ports: [port + 20, port + 21, port + 22],
          admin: ADMIN,
          host: { ...LAB[0], engine: engines[0] },
          runId,
          single: () => ({ dupes: rows.find((r) => r.id === "ports-dupes"), time: rows.find((r) => r.id === "ports-time") }),
          log,
          onCleanup: onLateCleanup,
        }),
      );
    } finally {
      if (lateCleanups.length) log("cleaning up the three-process phase");
      await lateCleanUp();
    }
  // Two registries standing for two regions (issue 17): no portal, no lab.
  if (!stopping) {
    const own: { what: string; fn: () => Promise<unknown> }[] = [];
    try {
      await measure("replication", REPLICATION_ROWS, () => measureReplication({ quick, log, onCleanup: (what, fn) => own.push({ what, fn }) }));
    } finally {
      for (const c of own.reverse()) await runCleanup(c);
    }
  }
  closeEngines();

  // every row, in the documented order, even when a measure never produced it
  const ordered = ALL_ROWS.map((id) => rows.find((r) => r.id === id) ?? failedRows([id], "not measured")[0]);
  const table = printTable(ordered);
  console.log(`\n${table}\n`);
  const dir = path.join(root, "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}${quick ? "-quick" : ""}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      { startedAt: new Date(started).toISOString(), durationS: Math.round((Date.now() - started) / 1000), quick, sizes, machine: machine(), rows: ordered },
      null,
      2,
    ),
  );
  const failed = ordered.filter((r) => r.verdict === "FAIL").length;
  console.log(`[bench] ${ordered.length} rows, ${failed} FAIL; wrote ${path.relative(root, file)} in ${Math.round((Date.now() - started) / 1000)} s`);
  return harnessErrors > 0 ? 1 : 0;
}

function machine() {
  const cpus = fs.readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? 0;
  const mem = /MemTotal:\s+(\d+)/.exec(fs.readFileSync("/proc/meminfo", "utf8"))?.[1];
  return { cpus, memoryMb: mem ? Math.round(Number(mem) / 1024) : null, node: process.version };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[bench] ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
