// GET /api/v1/metrics?tenantId=: a tenant's container metrics in the Prometheus text format, from
// what the portal already knows (the stats sampler's latest samples, the reconciler's replica
// counts), so scraping it never touches an engine. Tenant owners get their tenant; platform admins
// any tenant, or every tenant without tenantId.
//
// Label cardinality is bounded: labels are tenant/environment/app/service names and the task slot
// (1..replicas), never container ids; past MAX_CONTAINER_SERIES containers a scrape carries the
// per-service sums only (caas_service_*), which are always there.
import { db, findInChunks } from "@/lib/db";
import { authorize, roleAllows, type Actor } from "@/lib/policy";
import { parseInput, z, id } from "@/lib/validation";

export const MAX_CONTAINER_SERIES = Number(process.env.CAAS_METRICS_MAX_CONTAINERS || 2_000);

export interface ServiceRow {
  tenant: string;
  environment: string;
  app: string;
  service: string;
  desired: number;
  running: number;
  restarts: number;
}
export interface ContainerRow {
  tenant: string;
  environment: string;
  app: string;
  service: string;
  slot: string;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimit: number | null;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}
export interface TenantSnapshot {
  services: ServiceRow[];
  containers: ContainerRow[];
}

const query = z.object({ tenantId: id.optional() }).strict();

/** The tenants whose metrics the actor asked for and may read (NOT_FOUND for a foreign tenant). */
function tenantsFor(actor: Actor, tenantId: string | undefined): string[] | null {
  if (tenantId) {
    authorize(actor, "metrics.read", { tenantId, kind: "Tenant" });
    return [tenantId];
  }
  if (actor.platformAdmin) return null; // every tenant
  return [...actor.roles.entries()].filter(([, role]) => roleAllows(role, "metrics.read")).map(([t]) => t);
}

export async function loadTenantSnapshot(tenantIds: string[] | null, now = Date.now()): Promise<TenantSnapshot> {
  const scope = tenantIds === null ? {} : { tenantId: { in: tenantIds } };
  const services = await db.service.findMany({
    where: { AND: [scope, { app: { status: { not: "deleting" } } }] },
    select: {
      id: true,
      name: true,
      tenantId: true,
      desiredReplicas: true,
      app: { select: { name: true, environment: { select: { name: true, tenant: { select: { slug: true } } } } } },
    },
  });
  const byId = new Map(services.map((s) => [s.id, s]));
  // The service's own tenant (in a shared environment, issue 16, the environment has no tenant).
  const slugs = new Map(
    (await db.tenant.findMany({ where: { id: { in: [...new Set(services.map((s) => s.tenantId))] } }, select: { id: true, slug: true } })).map((t) => [
      t.id,
      t.slug,
    ]),
  );
  // in slices: a scrape covers more services and containers than one statement binds (SQLite: 999)
  const containers = await findInChunks([...byId.keys()], (ids) =>
    db.container.findMany({
      where: { AND: [scope, { serviceId: { in: ids } }] },
      select: { id: true, serviceId: true, slot: true, state: true, desiredState: true, hostId: true },
    }),
  );
  const deadHosts = new Set(
    (await db.host.findMany({ where: { AND: [scope, { status: { in: ["down", "unreachable"] } }] }, select: { id: true } })).map((h) => h.id),
  );
  const interval = Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000);
  const running = containers.filter((c) => c.state === "running" && c.desiredState === "running" && !(c.hostId && deadHosts.has(c.hostId)));
  const samples = await findInChunks(
    running.map((c) => c.id),
    (ids) =>
      db.statSample.findMany({
        where: { AND: [scope, { containerId: { in: ids } }, { at: { gte: new Date(now - 3 * interval - 5_000) } }] },
        orderBy: { at: "desc" },
      }),
  );
  const latest = new Map<string, (typeof samples)[number]>();
  for (const s of samples) if (!latest.has(s.containerId)) latest.set(s.containerId, s);
  const names = (serviceId: string) => {
    const s = byId.get(serviceId)!;
    return { tenant: slugs.get(s.tenantId) ?? s.app.environment.tenant?.slug ?? "", environment: s.app.environment.name, app: s.app.name, service: s.name };
  };
  return {
    services: services.map((s) => ({
      ...names(s.id),
      desired: s.desiredReplicas,
      running: running.filter((c) => c.serviceId === s.id).length,
      restarts: containers.filter((c) => c.serviceId === s.id && ["failed", "rejected"].includes(c.state)).length,
    })),
    containers: running.flatMap((c) => {
      const s = latest.get(c.id);
      if (!s) return [];
      return [
        {
          ...names(c.serviceId),
          slot: c.slot === null ? "global" : String(c.slot),
          cpuPercent: s.cpuPercent,
          memoryBytes: Number(s.memoryBytes),
          memoryLimit: s.memoryLimit === null ? null : Number(s.memoryLimit),
          netRx: Number(s.netRx),
          netTx: Number(s.netTx),
          blkRead: Number(s.blkRead),
          blkWrite: Number(s.blkWrite),
        },
      ];
    }),
  };
}

type Num = "cpuPercent" | "memoryBytes" | "netRx" | "netTx" | "blkRead" | "blkWrite";
const SERIES: { field: Num; name: string; help: string }[] = [
  { field: "cpuPercent", name: "cpu_percent", help: "CPU use in percent of one core" },
  { field: "memoryBytes", name: "memory_bytes", help: "Memory in use (without page cache), bytes" },
  { field: "netRx", name: "network_receive_bytes", help: "Bytes received since the container started" },
  { field: "netTx", name: "network_transmit_bytes", help: "Bytes sent since the container started" },
  { field: "blkRead", name: "block_read_bytes", help: "Block I/O bytes read" },
  { field: "blkWrite", name: "block_write_bytes", help: "Block I/O bytes written" },
];

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const svcLabels = (x: ServiceRow | ContainerRow) =>
  `tenant="${esc(x.tenant)}",environment="${esc(x.environment)}",app="${esc(x.app)}",service="${esc(x.service)}"`;

/** Writes one gauge family in the Prometheus text format (0.0.4). */
function family(out: string[], name: string, help: string, rows: Iterable<[string, number]>) {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  for (const [labels, v] of rows) out.push(`${name}{${labels}} ${Number.isFinite(v) ? v : 0}`);
}

/**
 * The exposition text of a snapshot (pure: the bench and the unit tests call it directly). Written
 * directly rather than through prom-client gauges: for 1,000 containers that is several times cheaper, and
 * a scrape builds everything fresh from the database anyway (nothing accumulates in the process).
 */
export async function tenantMetricsText(s: TenantSnapshot, maxContainers = MAX_CONTAINER_SERIES): Promise<string> {
  const out: string[] = [];
  const services = s.services.map((x) => [svcLabels(x), x] as const);
  family(
    out,
    "caas_service_replicas_desired",
    "Replicas the service should run",
    services.map(([l, x]) => [l, x.desired]),
  );
  family(
    out,
    "caas_service_replicas_running",
    "Replicas running on reachable hosts",
    services.map(([l, x]) => [l, x.running]),
  );
  family(
    out,
    "caas_service_task_failures",
    "Failed tasks the engine still remembers (restarts)",
    services.map(([l, x]) => [l, x.restarts]),
  );
  const sums = new Map<string, Record<Num, number>>();
  const containers = s.containers.map((c) => [svcLabels(c), c] as const);
  for (const [l, c] of containers) {
    const e = sums.get(l) ?? { cpuPercent: 0, memoryBytes: 0, netRx: 0, netTx: 0, blkRead: 0, blkWrite: 0 };
    for (const f of SERIES) e[f.field] += c[f.field];
    sums.set(l, e);
  }
  for (const f of SERIES) {
    const rows: [string, number][] = [...sums.entries()].map(([l, v]) => [l, f.field === "cpuPercent" ? Math.round(v[f.field] * 100) / 100 : v[f.field]]);
    family(out, `caas_service_${f.name}`, `${f.help} (sum over the service's running containers)`, rows);
  }
  if (s.containers.length <= maxContainers) {
    const withSlot = containers.map(([l, c]) => [`${l},slot="${esc(c.slot)}"`, c] as const);
    for (const f of SERIES)
      family(
        out,
        `caas_container_${f.name}`,
        f.help,
        withSlot.map(([l, c]) => [l, c[f.field]]),
      );
    family(
      out,
      "caas_container_memory_limit_bytes",
      "Memory limit of the container, bytes",
      withSlot.filter(([, c]) => c.memoryLimit !== null).map(([l, c]) => [l, c.memoryLimit!]),
    );
  }
  return out.join("\n") + "\n";
}

export async function renderTenantMetrics({
  actor,
  query: q,
  load = loadTenantSnapshot,
}: {
  actor: Actor;
  query: unknown;
  load?: (tenantIds: string[] | null) => Promise<TenantSnapshot>;
}): Promise<string> {
  const { tenantId } = parseInput(query, q ?? {});
  const tenants = tenantsFor(actor, tenantId);
  if (tenants !== null && tenants.length === 0) return tenantMetricsText({ services: [], containers: [] });
  return tenantMetricsText(await load(tenants));
}
