// GET /services/{id}/stats?window=: the service's replicas summed per sampling round (cpu %,
// memory, byte counters), so a service chart shows its total load whatever the replica count.
import { db, findInChunks } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { loadService } from "@/lib/services";
import { parseInput, z } from "@/lib/validation";
import { downsample, type StatPoint } from "./container-stats";

const WINDOWS: Record<string, number> = { "5m": 5 * 60_000, "15m": 15 * 60_000, "1h": 3600_000, "6h": 6 * 3600_000, "24h": 24 * 3600_000 };
const statsQuery = z.object({ window: z.enum(Object.keys(WINDOWS) as [string, ...string[]]).default("1h") }).strict();

export async function getServiceStats({
  actor,
  serviceId,
  query,
}: {
  actor: Actor;
  serviceId: unknown;
  query?: unknown;
}): Promise<{ serviceId: string; window: string; replicas: number; latest: StatPoint | null; history: StatPoint[] }> {
  const svc = await loadService(actor, serviceId);
  authorize(actor, "container.read", { tenantId: svc.tenantId, kind: "Service" });
  const q = parseInput(statsQuery, query ?? {});
  const containers = await db.container.findMany({ where: { AND: [{ serviceId: svc.id }, { tenantId: svc.tenantId }] }, select: { id: true, state: true } });
  // in slices (a service of 1,000 replicas has more containers than one statement binds), then in time order
  const since = new Date(Date.now() - WINDOWS[q.window]);
  const rows = (
    await findInChunks(
      containers.map((c) => c.id),
      (ids) => db.statSample.findMany({ where: { AND: [{ containerId: { in: ids } }, { tenantId: svc.tenantId }, { at: { gte: since } }] } }),
    )
  ).sort((a, b) => a.at.getTime() - b.at.getTime());
  // One bucket per sampling round: samples of one round land within a few seconds of each other.
  const bucketMs = Math.max(1000, Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000));
  const buckets = new Map<number, StatPoint>();
  for (const r of rows) {
    const k = Math.floor(r.at.getTime() / bucketMs) * bucketMs;
    const b = buckets.get(k) ?? { at: new Date(k).toISOString(), cpuPercent: 0, memoryBytes: 0, netRx: 0, netTx: 0, blkRead: 0, blkWrite: 0 };
    b.cpuPercent += r.cpuPercent;
    b.memoryBytes += Number(r.memoryBytes);
    b.netRx += Number(r.netRx);
    b.netTx += Number(r.netTx);
    b.blkRead += Number(r.blkRead);
    b.blkWrite += Number(r.blkWrite);
    buckets.set(k, b);
  }
  const history = downsample([...buckets.values()], 720);
  return { serviceId: svc.id, window: q.window, replicas: containers.filter((c) => c.state === "running").length, latest: history.at(-1) ?? null, history };
}
