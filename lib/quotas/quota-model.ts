// What a quota limits and how usage is counted (pure: unit-tested with plain values). A tenant's use
// is the sum over its services of limit × desired replicas (CPU, memory), the number of services,
// replicas and published ports, and its apps' named volumes, overall and per environment.
import type { DeepReadonly, AppSpec } from "@/lib/compose";
import { AppError } from "@/lib/errors";

export const QUOTA_KEYS = ["cpus", "memoryMb", "services", "replicas", "ports", "volumes"] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];
export type QuotaLimits = Record<QuotaKey, number | null>;
export type Usage = Record<QuotaKey, number>;

export const NO_LIMITS: QuotaLimits = { cpus: null, memoryMb: null, services: null, replicas: null, ports: null, volumes: null };
export const ZERO: Usage = { cpus: 0, memoryMb: 0, services: 0, replicas: 0, ports: 0, volumes: 0 };

/** One service as the quota sees it. */
export interface ServiceUse {
  appId: string;
  serviceId: string | null;
  name: string;
  environmentId: string;
  cpus: number;
  memoryMb: number;
  replicas: number;
  ports: number;
}

export interface AppVolumes {
  appId: string;
  environmentId: string;
  volumes: number;
}

export interface Snapshot {
  services: ServiceUse[];
  volumes: AppVolumes[];
}

/** Sum of a snapshot, optionally only one environment's part. */
export function totals(s: Snapshot, environmentId?: string): Usage {
  const svc = environmentId ? s.services.filter((x) => x.environmentId === environmentId) : s.services;
  const vols = environmentId ? s.volumes.filter((x) => x.environmentId === environmentId) : s.volumes;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    cpus: round(svc.reduce((a, x) => a + x.cpus * x.replicas, 0)),
    memoryMb: Math.round(svc.reduce((a, x) => a + x.memoryMb * x.replicas, 0)),
    services: svc.length,
    replicas: svc.reduce((a, x) => a + x.replicas, 0),
    ports: svc.reduce((a, x) => a + x.ports, 0),
    volumes: vols.reduce((a, x) => a + x.volumes, 0),
  };
}

/** The services and volumes of one app's model (a deploy's demand). */
export function appUse(spec: AppSpec | DeepReadonly<AppSpec>, appId: string, environmentId: string): Snapshot {
  return {
    services: spec.services.map((s) => ({
      appId,
      serviceId: null,
      name: s.name,
      environmentId,
      cpus: s.resources.cpus ?? 0,
      memoryMb: (s.resources.memoryBytes ?? 0) / (1024 * 1024),
      replicas: s.mode === "global" ? 1 : s.replicas,
      ports: s.ports.length,
    })),
    volumes: [{ appId, environmentId, volumes: spec.volumes.length }],
  };
}

export type QuotaRequest =
  /** Create (no appId yet) or replace (redeploy, rollback, image/template deploy) an app's model. */
  | { kind: "app"; tenantId: string; environmentId: string; appId?: string; spec: AppSpec | DeepReadonly<AppSpec> }
  /** Scale one service to `replicas`. */
  | { kind: "scale"; tenantId: string; environmentId: string; serviceId: string; replicas: number };

/** The snapshot after the request is applied. */
export function apply(current: Snapshot, r: QuotaRequest): Snapshot {
  if (r.kind === "scale") return { ...current, services: current.services.map((s) => (s.serviceId === r.serviceId ? { ...s, replicas: r.replicas } : s)) };
  const id = r.appId ?? "(new)";
  const add = appUse(r.spec, id, r.environmentId);
  return {
    services: [...current.services.filter((s) => s.appId !== r.appId), ...add.services],
    volumes: [...current.volumes.filter((v) => v.appId !== r.appId), ...add.volumes],
  };
}

export interface Breach {
  quota: QuotaKey;
  scope: "tenant" | "environment";
  used: number;
  requested: number;
  limit: number;
}

/** Limits a request breaks: only where it grows use beyond a limit (shrinking is always allowed). */
export function breaches(before: Usage, after: Usage, limits: QuotaLimits, scope: Breach["scope"]): Breach[] {
  const out: Breach[] = [];
  for (const k of QUOTA_KEYS) {
    const limit = limits[k];
    if (limit === null || after[k] <= before[k] || after[k] <= limit + 1e-9) continue;
    out.push({ quota: k, scope, used: before[k], requested: Math.round((after[k] - before[k]) * 1000) / 1000, limit });
  }
  return out;
}

const NAMES: Record<QuotaKey, string> = {
  cpus: "CPU",
  memoryMb: "memory",
  services: "services",
  replicas: "replicas",
  ports: "published ports",
  volumes: "volumes",
};
const UNITS: Record<QuotaKey, string> = { cpus: " CPUs", memoryMb: " MiB", services: "", replicas: "", ports: "", volumes: "" };

/** "1.0", "0.5", "0.25", "512" */
export function formatAmount(k: QuotaKey, n: number): string {
  if (k !== "cpus") return String(Math.round(n));
  const s = (Math.round(n * 100) / 100).toFixed(2).replace(/0$/, "");
  return s;
}

/** The refusal: names the quota, the current use, the request and the limit (the first breach). */
export function quotaError(list: Breach[]): AppError {
  const b = list[0];
  const f = (n: number) => `${formatAmount(b.quota, n)}${UNITS[b.quota]}`;
  const where = b.scope === "environment" ? " in this environment" : "";
  const message = `${NAMES[b.quota]} quota exceeded${where}: ${f(b.used)} used, ${f(b.requested)} requested, ${f(b.limit)} limit.`;
  return new AppError(
    "CONFLICT",
    message,
    list.map((x) => ({
      path: `quota.${x.quota}`,
      rule: "quota",
      message: `${NAMES[x.quota]}: ${formatAmount(x.quota, x.used)} used, ${formatAmount(x.quota, x.requested)} requested, ${formatAmount(x.quota, x.limit)} limit`,
      // quota…limit stay machine-readable; the catalog message reads the formatted amounts
      key: "quotaErrors.detail",
      params: {
        quota: x.quota,
        scope: x.scope,
        used: x.used,
        requested: x.requested,
        limit: x.limit,
        name: `@quota.names.${x.quota}`,
        usedText: `${formatAmount(x.quota, x.used)}${UNITS[x.quota]}`,
        requestedText: `${formatAmount(x.quota, x.requested)}${UNITS[x.quota]}`,
        limitText: `${formatAmount(x.quota, x.limit)}${UNITS[x.quota]}`,
      },
    })),
    {
      i18n: {
        key: b.scope === "environment" ? "quota.errors.exceededInEnvironment" : "quota.errors.exceeded",
        params: { quota: `@quota.names.${b.quota}`, used: f(b.used), requested: f(b.requested), limit: f(b.limit) },
      },
    },
  );
}
