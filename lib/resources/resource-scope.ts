// ─── Security invariant (issue 11: an environment's volumes, networks and images) ───────────────
// The portal lists and touches only engine objects it created for this environment and the
// caller's tenant: labelled caas.environment=<env> and caas.tenant=<tenant> (an admin's view of a
// shared environment: any tenant). Labels alone can be forged by whoever reaches the engine, so a
// label that claims an app is checked against the database: an object claiming an app of another
// environment or tenant is not ours. Objects without the portal's labels are never listed or
// removed, whatever their name.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { db } from "@/lib/db";
import type { Engine, Labels } from "@/lib/docker";
import { loadEnvironment, PLATFORM_SCOPE } from "@/lib/environments";
import { hostEngine, managerEngine } from "@/lib/hosts";
import { LABEL } from "@/lib/orchestrator";
import { authorize, type Actor } from "@/lib/policy";

/** read: viewers and up; remove: members and up (volumes, networks); images: who manages the
 * environment's hosts (owners of a dedicated environment, admins of a shared one). */
export type ResourceAccess = "read" | "remove" | "images";

export interface ResourceHost {
  id: string;
  name: string;
  engine: Engine;
}

export interface ResourceScope {
  environmentId: string;
  /** The tenant whose objects the caller sees; null: every tenant (an admin's view of a shared environment). */
  tenantId: string | null;
  /** The owning tenant of a dedicated environment (audit rows, registry credential); null when shared. */
  ownerTenantId: string | null;
  hosts: ResourceHost[];
  manager(): Promise<Engine>;
}

export interface AppRef {
  id: string;
  name: string;
}

/** What the use-cases need from the outside world; tests pass fakes. */
export interface ResourceDeps {
  hostsOf(environmentId: string): Promise<ResourceHost[]>;
  managerOf(environmentId: string): Promise<Engine>;
  /** Apps by id with their environment and tenant (to check what labels claim). */
  appsById(ids: string[]): Promise<{ id: string; name: string; environmentId: string; tenantId: string }[]>;
  /** Services by engine id (what uses a network or a volume). */
  servicesBySwarmId(ids: string[]): Promise<{ swarmServiceId: string | null; name: string; app: AppRef }[]>;
}

// Unreachable hosts must not hold a listing for long: a short deadline per call.
const HOST_TIMEOUT_MS = 8_000;

export const defaultResourceDeps: ResourceDeps = {
  async hostsOf(environmentId) {
    const rows = await db.host.findMany({ where: { environmentId, status: { not: "removing" } }, orderBy: { createdAt: "asc" } });
    return rows.map((h) => ({ id: h.id, name: h.name, engine: hostEngine(h, HOST_TIMEOUT_MS) }));
  },
  async managerOf(environmentId) {
    return (await managerEngine(environmentId)).engine;
  },
  async appsById(ids) {
    if (ids.length === 0) return [];
    return db.app.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, environmentId: true, tenantId: true } });
  },
  async servicesBySwarmId(ids) {
    if (ids.length === 0) return [];
    const rows = await db.service.findMany({
      where: { swarmServiceId: { in: ids } },
      select: { swarmServiceId: true, name: true, app: { select: { id: true, name: true } } },
    });
    return rows;
  },
};

export async function loadResourceScope(actor: Actor, environmentId: unknown, access: ResourceAccess, deps: ResourceDeps): Promise<ResourceScope> {
  const env = await loadEnvironment(actor, environmentId);
  const viewTenant = env.tenantId === PLATFORM_SCOPE ? null : env.tenantId;
  if (access === "images") {
    // Images are the hosts' own: whoever manages the hosts (a shared environment's are the platform's).
    if (env.ownerTenantId === null) authorize(actor, "environment.shared.manage", { tenantId: null, kind: "Environment" });
    else authorize(actor, "host.manage", { tenantId: env.ownerTenantId, kind: "Environment" });
  } else {
    const resource = { tenantId: viewTenant, kind: "Environment" };
    if (viewTenant === null) authorize(actor, "environment.shared.manage", resource);
    else authorize(actor, access === "read" ? "app.read" : "app.manage", resource);
  }
  return {
    environmentId: env.id,
    tenantId: viewTenant,
    ownerTenantId: env.ownerTenantId,
    hosts: await deps.hostsOf(env.id),
    manager: () => deps.managerOf(env.id),
  };
}

/** Labels that say the portal made the object for this environment and a tenant the caller sees. */
export function claimsScope(scope: Pick<ResourceScope, "environmentId" | "tenantId">, labels: Labels): boolean {
  if (labels[LABEL.environment] !== scope.environmentId) return false;
  const tenant = labels[LABEL.tenant];
  if (!tenant) return false;
  return scope.tenantId === null || tenant === scope.tenantId;
}

/** The engine filter for the scope's objects (the engine narrows, claimsScope decides). */
export function scopeFilter(scope: Pick<ResourceScope, "environmentId">): string[] {
  return [`${LABEL.environment}=${scope.environmentId}`];
}

/**
 * Keeps the objects whose labels claim the scope and whose claimed app (when it still exists) is
 * an app of this environment and of the claimed tenant; returns each with its app (null: the app
 * is gone, e.g. a volume kept after its app was deleted).
 */
export async function ownedObjects<T extends { labels: Labels }>(
  scope: Pick<ResourceScope, "environmentId" | "tenantId">,
  objects: T[],
  deps: Pick<ResourceDeps, "appsById">,
): Promise<{ object: T; app: AppRef | null }[]> {
  const claimed = objects.filter((o) => claimsScope(scope, o.labels));
  const ids = [...new Set(claimed.map((o) => o.labels[LABEL.app]).filter((x): x is string => !!x))];
  const apps = new Map((await deps.appsById(ids)).map((a) => [a.id, a]));
  const out: { object: T; app: AppRef | null }[] = [];
  for (const o of claimed) {
    const appId = o.labels[LABEL.app];
    const app = appId ? apps.get(appId) : undefined;
    if (app && (app.environmentId !== scope.environmentId || app.tenantId !== o.labels[LABEL.tenant])) continue; // a forged claim
    out.push({ object: o, app: app ? { id: app.id, name: app.name } : null });
  }
  return out;
}
