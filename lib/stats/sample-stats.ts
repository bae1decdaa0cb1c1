// The stats sampler (system): every CAAS_STATS_INTERVAL_MS (default 10 s) it reads one stats
// sample of every running container of every environment and stores it as a StatSample, so charts
// show the past without any tenant running Prometheus. Bounded concurrency, a per-call deadline
// (a dead host costs one timeout per round, not a pile-up), samples older than
// CAAS_STATS_RETENTION_HOURS (default 24) deleted.
import { startPeriodicLoop, type PeriodicLoop } from "@/lib/periodic";
import type { Prisma } from "@prisma/client";
import { db } from "@/lib/db";
import { hostEngine } from "@/lib/hosts/host-engine";
import { pruneUsage, recordUsage, type SampledContainer } from "@/lib/usage/record-usage";

// 11 values per row: 80 rows stay under SQLite's 999 bound values per statement.
const SAMPLE_ROWS_PER_STATEMENT = 80;

export interface SamplerOptions {
  intervalMs?: number;
  retentionHours?: number;
  concurrency?: number;
  timeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("stats timeout")), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** One round: sample every running container, prune old samples. Returns how many were stored. */
export async function sampleAllContainers(o: SamplerOptions = {}): Promise<number> {
  const rows = await db.container.findMany({ where: { state: "running", engineId: { not: null }, hostId: { not: null } } });
  const hosts = new Map(
    (await db.host.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.hostId!))] }, status: { notIn: ["removing", "unreachable"] } } })).map((h) => [
      h.id,
      h,
    ]),
  );
  const engines = new Map([...hosts.values()].map((h) => [h.id, hostEngine(h, o.timeoutMs ?? 8_000)]));
  const queue = rows.filter((r) => engines.has(r.hostId!));
  const deadHosts = new Set<string>();
  const sampled: SampledContainer[] = [];
  const rowsToStore: Prisma.StatSampleCreateManyInput[] = [];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      if (deadHosts.has(r.hostId!)) continue;
      try {
        const s = await withTimeout(engines.get(r.hostId!)!.containerStats(r.engineId!), o.timeoutMs ?? 8_000);
        const sample = {
          tenantId: r.tenantId,
          containerId: r.id,
          at: new Date(),
          cpuPercent: Math.round(s.cpuPercent * 100) / 100,
          memoryBytes: BigInt(Math.round(s.memoryUsage)),
          memoryLimit: s.memoryLimit > 0 ? BigInt(Math.round(s.memoryLimit)) : null,
          netRx: BigInt(s.networkRx),
          netTx: BigInt(s.networkTx),
          blkRead: BigInt(s.blockRead),
          blkWrite: BigInt(s.blockWrite),
        };
        rowsToStore.push(sample);
        sampled.push({ containerId: r.id, serviceId: r.serviceId, tenantId: r.tenantId, sample, at: sample.at });
      } catch (e) {
        if (/timeout|unreachable/i.test((e as Error).message)) deadHosts.add(r.hostId!);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 8) }, worker));
  // One statement per slice, not one per container: a round of 1,000 containers costs the other
  // requests a handful of short writes on SQLite's single writer.
  let stored = 0;
  for (let i = 0; i < rowsToStore.length; i += SAMPLE_ROWS_PER_STATEMENT) {
    stored += (await db.statSample.createMany({ data: rowsToStore.slice(i, i + SAMPLE_ROWS_PER_STATEMENT) })).count;
  }
  // Issue 16: each sample also counts towards its tenant's daily usage (lib/usage).
  await recordUsage(sampled, o.intervalMs ?? Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000)).catch((e) => console.error("[usage] record failed", e));
  await pruneUsage().catch(() => undefined);
  const cutoff = new Date(Date.now() - (o.retentionHours ?? 24) * 3600_000);
  await db.statSample.deleteMany({ where: { at: { lt: cutoff } } });
  return stored;
}

/** Starts the sampler loop (server.ts); `stop()` waits for the running round. */
export function startStatsSampler(o: SamplerOptions = {}): PeriodicLoop {
  const intervalMs = o.intervalMs ?? Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000);
  const retentionHours = o.retentionHours ?? Number(process.env.CAAS_STATS_RETENTION_HOURS || 24);
  const timeoutMs = Math.min(o.timeoutMs ?? 8_000, Math.max(2_000, intervalMs));
  return startPeriodicLoop({ name: "[stats]", intervalMs, firstDelayMs: 2_000, minGapMs: 200 }, () =>
    sampleAllContainers({ ...o, intervalMs, retentionHours, timeoutMs }),
  );
}
