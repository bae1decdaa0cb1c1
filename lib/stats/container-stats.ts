// GET /containers/{id}/stats?window=: the latest sample and the history from StatSample rows;
// and the environment page's per-host totals (latest sample of each running container, summed).
import { db, findInChunks } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { loadContainerRow } from "@/lib/containers/resolve-container";
import { loadEnvironment } from "@/lib/environments";
import { id, parseInput, z } from "@/lib/validation";

export interface StatPoint {
  at: string;
  cpuPercent: number;
  memoryBytes: number;
  netRx: number;
  netTx: number;
  blkRead: number;
  blkWrite: number;
}

const WINDOWS: Record<string, number> = { "5m": 5 * 60_000, "15m": 15 * 60_000, "1h": 3600_000, "6h": 6 * 3600_000, "24h": 24 * 3600_000 };
const statsQuery = z.object({ window: z.enum(Object.keys(WINDOWS) as [string, ...string[]]).default("1h") }).strict();
const MAX_POINTS = 720;

type Row = { at: Date; cpuPercent: number; memoryBytes: bigint; netRx: bigint; netTx: bigint; blkRead: bigint; blkWrite: bigint };
const toPoint = (r: Row): StatPoint => ({
  at: r.at.toISOString(),
  cpuPercent: r.cpuPercent,
  memoryBytes: Number(r.memoryBytes),
  netRx: Number(r.netRx),
  netTx: Number(r.netTx),
  blkRead: Number(r.blkRead),
  blkWrite: Number(r.blkWrite),
});

/** Keeps at most `max` points, evenly spaced (the charts need the shape, not every sample). */
export function downsample<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.floor(i * step)]);
  out[out.length - 1] = items[items.length - 1];
  return out;
}

export async function getContainerStats({
  actor,
  containerId,
  query,
}: {
  actor: Actor;
  containerId: unknown;
  query?: unknown;
}): Promise<{ containerId: string; window: string; latest: StatPoint | null; history: StatPoint[] }> {
  const row = await loadContainerRow(actor, containerId, "container.read");
  const q = parseInput(statsQuery, query ?? {});
  const rows = await db.statSample.findMany({
    where: { AND: [{ containerId: row.id }, { tenantId: row.tenantId }, { at: { gte: new Date(Date.now() - WINDOWS[q.window]) } }] },
    orderBy: { at: "asc" },
  });
  const history = downsample(rows, MAX_POINTS).map(toPoint);
  return { containerId: row.id, window: q.window, latest: rows.length ? toPoint(rows[rows.length - 1]) : null, history };
}

/** Per host of an environment: sums of the latest sample (≤ 2 intervals old) of its containers. */
export async function getHostTotals({ actor, environmentId }: { actor: Actor; environmentId: unknown }) {
  const envId = parseInput(id, environmentId);
  const env = await loadEnvironment(actor, envId);
  authorize(actor, "container.read", { tenantId: env.tenantId, kind: "Environment" });
  const hosts = await db.host.findMany({ where: { environmentId: env.id }, select: { id: true, name: true, cpus: true, memoryBytes: true } });
  const containers = await db.container.findMany({
    where: { AND: [env.shared && actor.platformAdmin ? {} : { tenantId: env.tenantId }, { hostId: { in: hosts.map((h) => h.id) } }, { state: "running" }] },
    select: { id: true, hostId: true },
  });
  const since = new Date(Date.now() - 2 * Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000) - 5_000);
  // in slices: an environment may run more containers than one statement binds (SQLite: 999)
  const samples = await findInChunks(
    containers.map((c) => c.id),
    (ids) => db.statSample.findMany({ where: { AND: [{ containerId: { in: ids } }, { at: { gte: since } }] }, orderBy: { at: "desc" } }),
  );
  const latest = new Map<string, (typeof samples)[number]>();
  for (const s of samples) if (!latest.has(s.containerId)) latest.set(s.containerId, s);
  return {
    items: hosts.map((h) => {
      const mine = containers
        .filter((c) => c.hostId === h.id)
        .map((c) => latest.get(c.id))
        .filter((s) => !!s);
      return {
        hostId: h.id,
        name: h.name,
        // a shared environment's hosts are the platform's: tenants see their names, not their details
        cpus: env.shared && !actor.platformAdmin ? null : h.cpus,
        memoryBytes: h.memoryBytes === null || (env.shared && !actor.platformAdmin) ? null : Number(h.memoryBytes),
        containers: containers.filter((c) => c.hostId === h.id).length,
        cpuPercent: Math.round(mine.reduce((a, s) => a + s.cpuPercent, 0) * 100) / 100,
        memoryUsed: mine.reduce((a, s) => a + Number(s.memoryBytes), 0),
      };
    }),
  };
}
