// What each rule's condition sees now, read from the portal's own records (the reconciler's
// containers and host states, the stats sampler's latest samples, the revisions): evaluating
// alerts never calls an engine. One Observation per subject for which the condition holds.
//
// "Running" means a task the swarm runs on a host the portal can reach: when a host dies its tasks
// still say running until swarm reschedules them, and that gap is exactly what the
// replicas-below-desired rule is about.
import type { AlertRule } from "@prisma/client";
import { readStoredSpec } from "@/lib/compose";
import { unseal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { diskFullObservations } from "@/lib/hosts/disk-warning";
import type { Observation } from "./evaluate-rules";

const RESTART_WINDOW_MS = 10 * 60_000;

type Scope = { tenantId: string; environmentId?: string; appId?: string; id?: string };

function serviceScope(r: AlertRule): Scope {
  const s: Scope = { tenantId: r.tenantId };
  if (r.environmentId) s.environmentId = r.environmentId;
  if (r.appId) s.appId = r.appId;
  if (r.serviceId) s.id = r.serviceId;
  return s;
}

async function servicesOf(r: AlertRule) {
  return db.service.findMany({
    where: { AND: [serviceScope(r), { app: { status: { notIn: ["stopped", "deleting"] }, currentRevisionId: { not: null } } }] },
    select: { id: true, name: true, appId: true, desiredReplicas: true, app: { select: { name: true } } },
  });
}

async function deadHostIds(tenantId: string): Promise<Set<string>> {
  const rows = await db.host.findMany({ where: { AND: [{ tenantId }, { status: { in: ["down", "unreachable"] } }] }, select: { id: true } });
  return new Set(rows.map((h) => h.id));
}

/** CPU limit (cores) of each service, from its app's current revision (sealed when it has secrets). */
async function cpuLimits(tenantId: string, appIds: string[]): Promise<Map<string, number>> {
  const apps = await db.app.findMany({ where: { AND: [{ tenantId }, { id: { in: appIds } }] }, select: { id: true, currentRevisionId: true } });
  const revisions = await db.appRevision.findMany({
    where: { AND: [{ tenantId }, { id: { in: apps.map((a) => a.currentRevisionId).filter((x): x is string => !!x) } }] },
    select: { appId: true, specJson: true },
  });
  const out = new Map<string, number>();
  for (const r of revisions) {
    try {
      const spec = readStoredSpec(r.specJson.startsWith("v1:") ? unseal(r.specJson) : r.specJson);
      for (const s of spec.services) if (s.resources.cpus) out.set(`${r.appId}/${s.name}`, s.resources.cpus);
    } catch {
      /* unreadable revision: CPU is compared as a percent of one core */
    }
  }
  return out;
}

async function latestSamples(tenantId: string, containerIds: string[]) {
  const interval = Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000);
  const rows = await db.statSample.findMany({
    where: { AND: [{ tenantId }, { containerId: { in: containerIds } }, { at: { gte: new Date(Date.now() - 3 * interval - 5_000) } }] },
    orderBy: { at: "desc" },
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const s of rows) if (!latest.has(s.containerId)) latest.set(s.containerId, s);
  return latest;
}

export async function observeRule(r: AlertRule): Promise<Observation[]> {
  const base = { ruleId: r.id };
  switch (r.kind) {
    case "replicas_below_desired": {
      const services = await servicesOf(r);
      const dead = await deadHostIds(r.tenantId);
      const running = await db.container.findMany({
        where: { AND: [{ tenantId: r.tenantId }, { serviceId: { in: services.map((s) => s.id) } }, { state: "running" }, { desiredState: "running" }] },
        select: { serviceId: true, hostId: true },
      });
      return services.flatMap((s) => {
        const n = running.filter((c) => c.serviceId === s.id && !(c.hostId && dead.has(c.hostId))).length;
        return n < s.desiredReplicas ? [{ ...base, subject: `service:${s.id}`, label: `${s.app.name}/${s.name}`, value: n }] : [];
      });
    }
    case "container_restarting": {
      const services = await servicesOf(r);
      const failed = await db.container.findMany({
        where: {
          AND: [
            { tenantId: r.tenantId },
            { serviceId: { in: services.map((s) => s.id) } },
            { state: { in: ["failed", "rejected"] } },
            { updatedAt: { gte: new Date(Date.now() - RESTART_WINDOW_MS) } },
          ],
        },
        select: { serviceId: true },
      });
      const min = Math.max(1, r.threshold ?? 1);
      return services.flatMap((s) => {
        const n = failed.filter((c) => c.serviceId === s.id).length;
        return n >= min ? [{ ...base, subject: `service:${s.id}`, label: `${s.app.name}/${s.name}`, value: n }] : [];
      });
    }
    case "cpu_above":
    case "memory_above": {
      const services = await servicesOf(r);
      const names = new Map(services.map((s) => [s.id, `${s.app.name}/${s.name}`]));
      const limits = r.kind === "cpu_above" ? await cpuLimits(r.tenantId, [...new Set(services.map((s) => s.appId))]) : new Map<string, number>();
      const cores = new Map(services.map((s) => [s.id, limits.get(`${s.appId}/${s.name}`) ?? 1]));
      const containers = await db.container.findMany({
        where: { AND: [{ tenantId: r.tenantId }, { serviceId: { in: [...names.keys()] } }, { state: "running" }] },
        select: { id: true, serviceId: true, slot: true },
      });
      const latest = await latestSamples(
        r.tenantId,
        containers.map((c) => c.id),
      );
      const threshold = r.threshold ?? 100;
      return containers.flatMap((c) => {
        const s = latest.get(c.id);
        if (!s) return [];
        // Percent of the container's limit: CPU against the service's cpus limit (one core when it has
        // none), memory against the limit the engine reports.
        const value =
          r.kind === "cpu_above" ? s.cpuPercent / (cores.get(c.serviceId) ?? 1) : s.memoryLimit ? (Number(s.memoryBytes) / Number(s.memoryLimit)) * 100 : 0;
        const label = `${names.get(c.serviceId)}${c.slot !== null ? `.${c.slot}` : ""}`;
        return value > threshold ? [{ ...base, subject: `container:${c.id}`, label, value: Math.round(value * 10) / 10 }] : [];
      });
    }
    case "host_down": {
      const hosts = await db.host.findMany({
        where: { AND: [{ tenantId: r.tenantId }, r.environmentId ? { environmentId: r.environmentId } : {}, { status: { in: ["down", "unreachable"] } }] },
        select: { id: true, name: true },
      });
      return hosts.map((h) => ({ ...base, subject: `host:${h.id}`, label: h.name, value: 1 }));
    }
    case "host_disk_above": {
      // the latest reading of each host (lib/hosts/host-metrics.ts), when it is recent enough
      const interval = Number(process.env.CAAS_HOST_METRICS_INTERVAL_MS || 60_000);
      const hosts = await db.host.findMany({
        where: { AND: [{ tenantId: r.tenantId }, r.environmentId ? { environmentId: r.environmentId } : {}, { status: { notIn: ["removing"] } }] },
        select: {
          id: true,
          name: true,
          metricSamples: {
            where: { at: { gte: new Date(Date.now() - 3 * interval - 60_000) } },
            orderBy: { at: "desc" },
            take: 1,
            select: { diskUsed: true, diskTotal: true },
          },
        },
      });
      const readings = hosts.flatMap((h) =>
        h.metricSamples.map((s) => ({ hostId: h.id, name: h.name, diskUsed: Number(s.diskUsed), diskTotal: Number(s.diskTotal) })),
      );
      return diskFullObservations(r.id, readings, r.threshold ?? undefined);
    }
    case "deploy_failed": {
      const apps = await db.app.findMany({
        where: { AND: [{ tenantId: r.tenantId }, r.environmentId ? { environmentId: r.environmentId } : {}, r.appId ? { id: r.appId } : {}] },
        select: { id: true, name: true, revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true, status: true, createdAt: true } } },
      });
      return apps.flatMap((a) => {
        const last = a.revisions[0];
        // only deploys after the rule existed: an old failure is history, not news
        return last && last.status === "failed" && last.createdAt >= r.createdAt
          ? [{ ...base, subject: `app:${a.id}`, label: `${a.name} #${last.number}`, value: 1 }]
          : [];
      });
    }
    default:
      return [];
  }
}
