// A host's own CPU, memory and disk use (issue 15), not the sum of its containers: a short-lived
// probe container on the host reads /proc/stat twice (one second apart), /proc/meminfo and the
// statfs of the engine's Docker root (bind-mounted read-only). The figures are the kernel's, so
// they match what `docker info` and the host's own /proc say. Samples are kept as history.
import { startPeriodicLoop, type PeriodicLoop } from "@/lib/periodic";
import { db } from "@/lib/db";
import type { Engine } from "@/lib/docker";
import { AppError, appError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { hostEngine, type HostRow } from "./host-engine";
import { loadHost } from "./list-hosts";

export interface HostUsage {
  at: string;
  cpuPercent: number;
  memoryUsed: number;
  memoryTotal: number;
  diskUsed: number;
  diskTotal: number;
}

/** The fixed probe command: nothing from input is in it. */
export const PROBE_CMD = [
  "sh",
  "-c",
  'head -n1 /proc/stat; grep -E "^(MemTotal|MemAvailable):" /proc/meminfo; stat -f -c "disk %S %b %f" /docker-root; sleep 1; head -n1 /proc/stat',
];

export function probeImage(): string {
  return process.env.CAAS_HOST_PROBE_IMAGE || "busybox:latest";
}

function cpuTimes(line: string): { idle: number; total: number } | null {
  const f = line.trim().split(/\s+/);
  if (f[0] !== "cpu") return null;
  const n = f.slice(1, 9).map((x) => Number(x) || 0);
  return { idle: n[3] + n[4], total: n.reduce((a, b) => a + b, 0) };
}

/** Parses the probe's output; null when it is not what the command prints. */
export function parseProbeOutput(text: string): Omit<HostUsage, "at"> | null {
  const lines = text.split("\n").map((l) => l.trim());
  const cpu = lines.filter((l) => l.startsWith("cpu ")).map(cpuTimes);
  const kb = (name: string) => {
    const m = lines.map((l) => new RegExp(`^${name}:\\s+(\\d+)\\s*kB`).exec(l)).find(Boolean);
    return m ? Number(m[1]) * 1024 : NaN;
  };
  const disk = lines.map((l) => /^disk (\d+) (\d+) (\d+)$/.exec(l)).find(Boolean);
  const memTotal = kb("MemTotal");
  const memAvail = kb("MemAvailable");
  if (cpu.length < 2 || !cpu[0] || !cpu[1] || !disk || !Number.isFinite(memTotal) || !Number.isFinite(memAvail)) return null;
  const dTotal = cpu[1].total - cpu[0].total;
  const dIdle = cpu[1].idle - cpu[0].idle;
  const cpuPercent = dTotal > 0 ? Math.min(100, Math.max(0, (1 - dIdle / dTotal) * 100)) : 0;
  const [bsize, blocks, free] = [Number(disk[1]), Number(disk[2]), Number(disk[3])];
  return {
    cpuPercent: Math.round(cpuPercent * 10) / 10,
    memoryTotal: memTotal,
    memoryUsed: Math.max(0, memTotal - memAvail),
    diskTotal: bsize * blocks,
    diskUsed: bsize * Math.max(0, blocks - free),
  };
}

/** One reading on one engine (the caller handles connection errors). */
export async function probeHostUsage(engine: Engine, dockerRootDir?: string): Promise<Omit<HostUsage, "at">> {
  const root = dockerRootDir || (await engine.info()).dockerRootDir;
  if (!root.startsWith("/")) throw appError("CONFLICT", "hostErrors.noDockerRoot", undefined, "The engine did not say where its Docker root is.");
  const out = await engine.runProbe({ image: probeImage(), cmd: PROBE_CMD, binds: [`${root}:/docker-root`], timeoutMs: 20_000 });
  const usage = out.exitCode === 0 ? parseProbeOutput(out.stdout) : null;
  if (!usage)
    throw new AppError("CONFLICT", `The host's usage could not be read (the probe image ${probeImage()} must be on the host).`, undefined, {
      i18n: { key: "hostops.errors.probeFailed", params: { image: probeImage() } },
    });
  return usage;
}

type SampledHost = HostRow & { tenantId: string };

/** Reads and stores one sample of a host; returns it. */
export async function sampleHost(host: SampledHost, engine: Engine = hostEngine(host, 20_000), dockerRootDir?: string): Promise<HostUsage> {
  const u = await probeHostUsage(engine, dockerRootDir);
  const row = await db.hostMetricSample.create({
    data: {
      tenantId: host.tenantId,
      hostId: host.id,
      cpuPercent: u.cpuPercent,
      memoryUsed: BigInt(u.memoryUsed),
      memoryTotal: BigInt(u.memoryTotal),
      diskUsed: BigInt(u.diskUsed),
      diskTotal: BigInt(u.diskTotal),
    },
  });
  return { ...u, at: row.at.toISOString() };
}

function toUsage(r: { at: Date; cpuPercent: number; memoryUsed: bigint; memoryTotal: bigint; diskUsed: bigint; diskTotal: bigint }): HostUsage {
  return {
    at: r.at.toISOString(),
    cpuPercent: r.cpuPercent,
    memoryUsed: Number(r.memoryUsed),
    memoryTotal: Number(r.memoryTotal),
    diskUsed: Number(r.diskUsed),
    diskTotal: Number(r.diskTotal),
  };
}

export async function latestHostUsage(hostId: string): Promise<HostUsage | null> {
  const r = await db.hostMetricSample.findFirst({ where: { hostId }, orderBy: { at: "desc" } });
  return r ? toUsage(r) : null;
}

const RANGES = { "1h": 3600_000, "6h": 6 * 3600_000, "24h": 24 * 3600_000 } as const;
const rangeInput = z.object({ range: z.enum(["1h", "6h", "24h"]).default("1h") }).strip();

/** GET /hosts/{id}/metrics?range=1h|6h|24h: the stored samples, oldest first. */
export async function listHostMetrics({
  actor,
  hostId,
  query,
}: {
  actor: Actor;
  hostId: unknown;
  query: unknown;
}): Promise<{ range: string; items: HostUsage[] }> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.read", { tenantId: host.tenantId, kind: "Host" });
  const { range } = parseInput(rangeInput, query ?? {});
  const rows = await db.hostMetricSample.findMany({
    where: { hostId: host.id, tenantId: host.tenantId, at: { gte: new Date(Date.now() - RANGES[range]) } },
    orderBy: { at: "asc" },
    take: 2000,
  });
  return { range, items: rows.map(toUsage) };
}

/** One round over every ready host; old samples pruned. */
export async function sampleAllHosts(o: { retentionHours?: number } = {}): Promise<number> {
  const hosts = await db.host.findMany({ where: { status: "ready" } });
  let n = 0;
  for (const h of hosts) {
    try {
      await sampleHost(h);
      n++;
    } catch (e) {
      console.warn(`[host-metrics] ${h.id}: ${(e as Error).message}`);
    }
  }
  const cutoff = new Date(Date.now() - (o.retentionHours ?? Number(process.env.CAAS_HOST_METRICS_RETENTION_HOURS || 24)) * 3600_000);
  await db.hostMetricSample.deleteMany({ where: { at: { lt: cutoff } } });
  return n;
}

/** The host sampler loop (server.ts, one leader): every CAAS_HOST_METRICS_INTERVAL_MS (60 s). */
export function startHostMetricsSampler(o: { intervalMs?: number } = {}): PeriodicLoop {
  const intervalMs = o.intervalMs ?? Number(process.env.CAAS_HOST_METRICS_INTERVAL_MS || 60_000);
  return startPeriodicLoop({ name: "[host-metrics]", intervalMs, firstDelayMs: 5_000, minGapMs: 1_000 }, () => sampleAllHosts());
}
