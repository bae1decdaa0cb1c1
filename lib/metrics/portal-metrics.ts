// GET /metrics: the portal's own metrics in the Prometheus text format, for platform admins
// (an admin's API token in Authorization: Bearer). Process metrics (prom-client defaults), HTTP
// requests by path class, jobs by kind and state with their durations, deploys by outcome, open
// terminal sessions, registry token grants, the singleton roles this process leads. Database
// counts are read at scrape time, so every process of a cluster answers the same totals.
import client from "prom-client";
import { db } from "@/lib/db";
import { heldRoles } from "@/lib/jobs/leader";
import { authorize, type Actor } from "@/lib/policy";
import { requestCounts } from "./request-counter";

export const PROMETHEUS_CONTENT_TYPE = client.Registry.PROMETHEUS_CONTENT_TYPE;

// Default process metrics are registered once per module copy (Next and tsx each load one).
const g = globalThis as unknown as { __caasProcessRegistry?: client.Registry };
function processRegistry(): client.Registry {
  if (!g.__caasProcessRegistry) {
    const r = new client.Registry();
    client.collectDefaultMetrics({ register: r, prefix: "caas_portal_" });
    g.__caasProcessRegistry = r;
  }
  return g.__caasProcessRegistry;
}

export interface PortalSnapshot {
  jobs: { kind: string; status: string; count: number }[];
  /** Jobs finished in the last hour: duration in seconds. */
  recentJobs: { kind: string; status: string; seconds: number }[];
  revisions: { status: string; count: number }[];
  openTerminals: number;
  roles: string[];
}

export async function loadPortalSnapshot(): Promise<PortalSnapshot> {
  const since = new Date(Date.now() - 3600_000);
  const [jobs, recent, revisions, openTerminals] = await Promise.all([
    db.job.groupBy({ by: ["kind", "status"], _count: { _all: true } }),
    db.job.findMany({
      where: { finishedAt: { gte: since }, startedAt: { not: null } },
      select: { kind: true, status: true, startedAt: true, finishedAt: true },
      take: 10_000,
    }),
    db.appRevision.groupBy({ by: ["status"], _count: { _all: true } }),
    db.terminalSession.count({ where: { endedAt: null } }),
  ]);
  return {
    jobs: jobs.map((j) => ({ kind: j.kind, status: j.status, count: j._count._all })),
    recentJobs: recent.map((j) => ({ kind: j.kind, status: j.status, seconds: (j.finishedAt!.getTime() - j.startedAt!.getTime()) / 1000 })),
    revisions: revisions.map((r) => ({ status: r.status, count: r._count._all })),
    openTerminals,
    roles: heldRoles(),
  };
}

/** The text Prometheus scrapes; pure apart from the process metrics (unit-tested with a snapshot). */
export async function portalMetricsText(s: PortalSnapshot, withProcess = true): Promise<string> {
  const r = new client.Registry();
  const requests = new client.Counter({
    name: "caas_http_requests_total",
    help: "HTTP requests served by this process",
    labelNames: ["path", "method", "status"],
    registers: [r],
  });
  for (const c of requestCounts()) requests.inc({ path: c.path, method: c.method, status: c.status }, c.count);
  const grants = new client.Counter({ name: "caas_registry_token_grants_total", help: "Registry tokens granted by this process", registers: [r] });
  grants.inc(
    requestCounts()
      .filter((c) => c.path === "registry_token" && c.status === "2xx")
      .reduce((a, c) => a + c.count, 0),
  );
  const jobs = new client.Gauge({ name: "caas_jobs", help: "Jobs by kind and state", labelNames: ["kind", "status"], registers: [r] });
  for (const j of s.jobs) jobs.set({ kind: j.kind, status: j.status }, j.count);
  const durations = new client.Histogram({
    name: "caas_job_duration_seconds",
    help: "Durations of the jobs finished in the last hour",
    labelNames: ["kind", "status"],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers: [r],
  });
  for (const j of s.recentJobs) durations.observe({ kind: j.kind, status: j.status }, j.seconds);
  const deploys = new client.Gauge({ name: "caas_deploys", help: "App revisions (deploys) by outcome", labelNames: ["status"], registers: [r] });
  for (const d of s.revisions) deploys.set({ status: d.status }, d.count);
  new client.Gauge({ name: "caas_terminal_sessions_open", help: "Open web terminal sessions", registers: [r] }).set(s.openTerminals);
  const roles = new client.Gauge({ name: "caas_leader_role", help: "1 for each singleton role this process leads", labelNames: ["role"], registers: [r] });
  for (const role of s.roles) roles.set({ role }, 1);
  const own = await r.metrics();
  return withProcess ? own + (await processRegistry().metrics()) : own;
}

export async function renderPortalMetrics({ actor, load = loadPortalSnapshot }: { actor: Actor; load?: () => Promise<PortalSnapshot> }): Promise<string> {
  authorize(actor, "metrics.platform");
  return portalMetricsText(await load());
}
