// The stats sampler's side of usage: each round's samples, added to the day's aggregate per tenant,
// environment and app (one upsert per key per round, after the round, so workers never race).
// Daily aggregates are kept USAGE_RETENTION_DAYS (13 months and more); raw samples keep theirs.
import { db, findInChunks } from "@/lib/db";
import { storedSpec } from "@/lib/quotas";
import { add, dayOf, EMPTY, sampleUsage, type Reservation, type SampleLike, type UsageFigures } from "./usage-model";

export const USAGE_RETENTION_DAYS = 400;

const g = globalThis as unknown as { __caasUsagePrev?: Map<string, SampleLike> };
/** The previous sample of each container (counters), in the sampler's process. */
const previous: Map<string, SampleLike> = g.__caasUsagePrev ?? (g.__caasUsagePrev = new Map());

export interface SampledContainer {
  containerId: string;
  serviceId: string;
  tenantId: string;
  sample: SampleLike;
  at: Date;
}

/** Limits per service from its app's current revision (what the tenant reserved). */
async function reservations(serviceIds: string[]) {
  const services = await findInChunks(serviceIds, (ids) =>
    db.service.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, appId: true, environmentId: true, app: { select: { currentRevisionId: true } } },
    }),
  );
  const revIds = [...new Set(services.map((s) => s.app.currentRevisionId).filter((x): x is string => !!x))];
  const revs = await findInChunks(revIds, (ids) => db.appRevision.findMany({ where: { id: { in: ids } }, select: { id: true, specJson: true } }));
  const specs = new Map(revs.map((r) => [r.id, storedSpec(r.specJson)]));
  const envs = new Map(
    (await db.environment.findMany({ where: { id: { in: [...new Set(services.map((s) => s.environmentId))] } }, select: { id: true, shared: true } })).map(
      (e) => [e.id, e.shared ? "shared" : "dedicated"],
    ),
  );
  return new Map(
    services.map((s) => {
      const m = (s.app.currentRevisionId ? specs.get(s.app.currentRevisionId) : null)?.services.find((x) => x.name === s.name);
      const r: Reservation = { cpus: m?.resources.cpus ?? 0, memoryBytes: m?.resources.memoryBytes ?? 0 };
      return [s.id, { ...r, appId: s.appId, environmentId: s.environmentId, envKind: envs.get(s.environmentId) ?? "dedicated" }];
    }),
  );
}

export async function recordUsage(sampled: SampledContainer[], intervalMs: number): Promise<void> {
  if (sampled.length === 0) return;
  const res = await reservations([...new Set(sampled.map((s) => s.serviceId))]);
  const sums = new Map<string, { key: { tenantId: string; environmentId: string; appId: string; day: string }; envKind: string; u: UsageFigures }>();
  for (const s of sampled) {
    const r = res.get(s.serviceId);
    if (!r) continue;
    const u = sampleUsage(s.sample, previous.get(s.containerId), r, intervalMs);
    previous.set(s.containerId, s.sample);
    const key = { tenantId: s.tenantId, environmentId: r.environmentId, appId: r.appId, day: dayOf(s.at) };
    const k = `${key.tenantId}|${key.environmentId}|${key.appId}|${key.day}`;
    const cur = sums.get(k);
    sums.set(k, { key, envKind: r.envKind, u: add(cur?.u ?? EMPTY, u) });
  }
  for (const { key, envKind, u } of sums.values()) {
    await db.usageDaily.upsert({
      where: { tenantId_environmentId_appId_day: key },
      create: { ...key, envKind, ...u },
      update: {
        cpuHoursUsed: { increment: u.cpuHoursUsed },
        cpuHoursReserved: { increment: u.cpuHoursReserved },
        memGbHoursUsed: { increment: u.memGbHoursUsed },
        memGbHoursReserved: { increment: u.memGbHoursReserved },
        netRxBytes: { increment: u.netRxBytes },
        netTxBytes: { increment: u.netTxBytes },
        blkReadBytes: { increment: u.blkReadBytes },
        blkWriteBytes: { increment: u.blkWriteBytes },
        samples: { increment: u.samples },
      },
    });
  }
}

export async function pruneUsage(now = new Date()): Promise<void> {
  await db.usageDaily.deleteMany({ where: { day: { lt: dayOf(new Date(now.getTime() - USAGE_RETENTION_DAYS * 86_400_000)) } } });
  if (previous.size > 10_000) previous.clear();
}
