// Quota rows and the tenant's use as stored (the desired state in the database).
import { Prisma, type Db } from "@/lib/db";
import { queryRows } from "@/lib/db/sql-rows";
import { unseal } from "@/lib/crypto";
import { readStoredSpec, type AppSpec } from "@/lib/compose";
import { NO_LIMITS, QUOTA_KEYS, appUse, type QuotaLimits, type Snapshot } from "./quota-model";

export const DEFAULT_KEY = "default";
export const tenantKey = (tenantId: string) => `tenant:${tenantId}`;
export const environmentKey = (tenantId: string, environmentId: string) => `tenant:${tenantId}:env:${environmentId}`;

type Row = { cpus: number | null; memoryMb: number | null; services: number | null; replicas: number | null; ports: number | null; volumes: number | null };

export const limitsOf = (r: Row | null): QuotaLimits => (r ? (Object.fromEntries(QUOTA_KEYS.map((k) => [k, r[k]])) as QuotaLimits) : NO_LIMITS);

/** The quota rows of `keys`, read with one plain statement (every deploy's preflight and create
 * POST reads them: a model call is compiled each time, issue 20). Numbers come back as the
 * database stores them, hence Number(). */
async function quotaRows(db: Db, keys: string[]): Promise<(Row & { key: string })[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    SELECT "key", "cpus", "memoryMb", "services", "replicas", "ports", "volumes" FROM "Quota" WHERE "key" IN (${Prisma.join(keys)})`,
  );
  return rows.map((r) => ({
    key: String(r.key),
    ...(Object.fromEntries(QUOTA_KEYS.map((k) => [k, r[k] === null || r[k] === undefined ? null : Number(r[k])])) as Row),
  }));
}

/** The tenant's overall limits (its own row, else the default for tenants) and one environment's. */
export async function readLimits(db: Db, tenantId: string, environmentId?: string): Promise<{ tenant: QuotaLimits; environment: QuotaLimits; own: boolean }> {
  const keys = [tenantKey(tenantId), DEFAULT_KEY, ...(environmentId ? [environmentKey(tenantId, environmentId)] : [])];
  const rows = await quotaRows(db, keys);
  const own = rows.find((r) => r.key === tenantKey(tenantId)) ?? null;
  const def = rows.find((r) => r.key === DEFAULT_KEY) ?? null;
  const env = environmentId ? (rows.find((r) => r.key === environmentKey(tenantId, environmentId)) ?? null) : null;
  return { tenant: limitsOf(own ?? def), environment: limitsOf(env), own: own !== null };
}

/** A stored revision's model; sealed specs (secret variables) are unsealed in memory only. */
export function storedSpec(specJson: string): AppSpec | null {
  try {
    return readStoredSpec(specJson.startsWith("v1:") ? unseal(specJson) : specJson);
  } catch {
    return null;
  }
}

/**
 * What the tenant holds now: every service of its apps (not being deleted) with its current
 * revision's limits and its desired replicas, leased ports, and named volumes per app.
 */
export async function readSnapshot(db: Db, tenantId: string): Promise<Snapshot> {
  const apps = await db.app.findMany({
    where: { tenantId, status: { not: "deleting" } },
    select: { id: true, environmentId: true, currentRevisionId: true, services: { select: { id: true, name: true, desiredReplicas: true } } },
  });
  const revs = await db.appRevision.findMany({
    where: { tenantId, id: { in: apps.map((a) => a.currentRevisionId).filter((x): x is string => !!x) } },
    select: { id: true, specJson: true },
  });
  const leases = await db.portLease.groupBy({ by: ["serviceId"], where: { tenantId, serviceId: { not: null } }, _count: { _all: true } });
  const ports = new Map(leases.map((l) => [l.serviceId!, l._count._all]));
  const specs = new Map(revs.map((r) => [r.id, storedSpec(r.specJson)]));
  // A deploy in flight (its revision not yet healthy, failed or cancelled) is what the app will hold:
  // it counts instead of the current desired state, so requests racing a deploy see its use.
  const inFlight = await db.appRevision.findMany({
    where: { tenantId, appId: { in: apps.map((a) => a.id) }, phase: { in: ["pending", "preflight", "applying", "converging"] } },
    select: { appId: true, number: true, specJson: true },
    orderBy: { number: "desc" },
  });
  const pending = new Map<string, AppSpec>();
  for (const r of inFlight) {
    const spec = pending.has(r.appId) ? null : storedSpec(r.specJson);
    if (spec) pending.set(r.appId, spec);
  }
  const out: Snapshot = { services: [], volumes: [] };
  for (const a of apps) {
    const next = pending.get(a.id);
    if (next) {
      const use = appUse(next, a.id, a.environmentId);
      out.services.push(...use.services);
      out.volumes.push(...use.volumes);
      continue;
    }
    const spec = a.currentRevisionId ? specs.get(a.currentRevisionId) : null;
    out.volumes.push({ appId: a.id, environmentId: a.environmentId, volumes: spec?.volumes.length ?? 0 });
    for (const s of a.services) {
      const m = spec?.services.find((x) => x.name === s.name);
      out.services.push({
        appId: a.id,
        serviceId: s.id,
        name: s.name,
        environmentId: a.environmentId,
        cpus: m?.resources.cpus ?? 0,
        memoryMb: (m?.resources.memoryBytes ?? 0) / (1024 * 1024),
        replicas: s.desiredReplicas,
        ports: ports.get(s.id) ?? 0,
      });
    }
  }
  return out;
}
