// Networks of an environment: the overlay networks the portal creates per app (swarm-wide, so the
// manager lists them). What uses one: the swarm services attached to it, and any container on a
// host attached to it (the app networks are attachable). A network in use is never removed.
import { db } from "@/lib/db";
import { isUnreachable, type Engine, type NetworkInfo } from "@/lib/docker";
import { recordAudit } from "@/lib/audit";
import { LABEL } from "@/lib/orchestrator";
import type { Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { defaultResourceDeps, loadResourceScope, ownedObjects, scopeFilter, type AppRef, type ResourceDeps, type ResourceScope } from "./resource-scope";
import { resourceErrors, userLabel } from "./errors";
import type { ResourceUser } from "./volumes";

export interface NetworkDto {
  id: string;
  name: string;
  driver: string;
  scope: string;
  subnets: string[];
  createdAt: string;
  app: AppRef | null;
  usedBy: ResourceUser[];
  inUse: boolean;
}

const networkName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/, "a network name");

async function usersOf(scope: ResourceScope, manager: Engine, nets: NetworkInfo[], deps: ResourceDeps): Promise<Map<string, ResourceUser[]>> {
  const out = new Map<string, ResourceUser[]>(nets.map((n) => [n.id, []]));
  if (nets.length === 0) return out;
  const services = await manager.listServices();
  const known = new Map((await deps.servicesBySwarmId(services.map((s) => s.id))).map((s) => [s.swarmServiceId, s]));
  for (const s of services) {
    const targets = s.spec.TaskTemplate?.Networks?.map((n) => n.Target) ?? [];
    for (const n of nets) {
      if (!targets.includes(n.id) && !targets.includes(n.name)) continue;
      const row = known.get(s.id);
      out.get(n.id)!.push(row ? { app: row.app, service: row.name } : { app: null, service: s.labels[LABEL.service] ?? s.name });
    }
  }
  // standalone containers attached to an attachable network (debug shells, one-off jobs)
  for (const h of scope.hosts) {
    for (const n of nets) {
      const containers = await h.engine.listContainers({ all: true, filters: { network: [n.id] } }).catch((e: unknown) => {
        if (isUnreachable(e)) return [];
        throw e;
      });
      for (const c of containers.filter((c) => !c.labels["com.docker.swarm.service.id"]))
        out.get(n.id)!.push({ app: null, service: null, container: c.names[0] ?? c.id.slice(0, 12), state: c.state });
    }
  }
  return out;
}

async function collectNetworks(scope: ResourceScope, deps: ResourceDeps): Promise<NetworkDto[]> {
  if (scope.hosts.length === 0) return [];
  const manager = await scope.manager();
  const owned = await ownedObjects(scope, await manager.listNetworks({ label: scopeFilter(scope) }), deps);
  const users = await usersOf(
    scope,
    manager,
    owned.map((o) => o.object),
    deps,
  );
  return owned
    .map(({ object: n, app }) => {
      const usedBy = (users.get(n.id) ?? []).sort((a, b) => userLabel(a).localeCompare(userLabel(b)));
      return { id: n.id, name: n.name, driver: n.driver, scope: n.scope, subnets: n.subnets, createdAt: n.createdAt, app, usedBy, inUse: usedBy.length > 0 };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function listEnvironmentNetworks(
  { actor, environmentId }: { actor: Actor; environmentId: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ items: NetworkDto[] }> {
  const scope = await loadResourceScope(actor, environmentId, "read", deps);
  return { items: await collectNetworks(scope, deps) };
}

async function removeOne(actor: Actor, scope: ResourceScope, manager: Engine, n: NetworkDto): Promise<void> {
  if (n.inUse)
    throw resourceErrors.networkInUse(
      n.name,
      n.usedBy.map((u) => userLabel(u)),
    );
  try {
    await manager.removeNetwork(n.id);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // 403 "has active endpoints": something attached between the listing and the removal
    if (code === "CONFLICT" || code === "FORBIDDEN") throw resourceErrors.networkInUse(n.name, []);
    throw e;
  }
  await recordAudit(db, {
    actor,
    tenantId: scope.ownerTenantId ?? scope.tenantId,
    action: "network.remove",
    targetType: "network",
    targetId: n.name,
    details: { environmentId: scope.environmentId },
  });
}

/** Removes one unused portal network of the environment; refused (409, naming them) while services use it. */
export async function removeEnvironmentNetwork(
  { actor, environmentId, name }: { actor: Actor; environmentId: unknown; name: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ removed: { name: string }[] }> {
  const scope = await loadResourceScope(actor, environmentId, "remove", deps);
  const n = parseInput(networkName, name);
  const target = (await collectNetworks(scope, deps)).find((x) => x.name === n || x.id === n);
  if (!target) throw resourceErrors.networkNotFound(n);
  await removeOne(actor, scope, await scope.manager(), target);
  return { removed: [{ name: target.name }] };
}

/** Removes every unused portal network of the environment; the ones in use are listed. */
export async function pruneEnvironmentNetworks(
  { actor, environmentId }: { actor: Actor; environmentId: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ removed: { name: string }[]; inUse: { name: string }[] }> {
  const scope = await loadResourceScope(actor, environmentId, "remove", deps);
  const nets = await collectNetworks(scope, deps);
  const removed = [];
  const inUse = [];
  const manager = nets.length > 0 ? await scope.manager() : null;
  for (const n of nets) {
    if (n.inUse) {
      inUse.push({ name: n.name });
      continue;
    }
    try {
      await removeOne(actor, scope, manager!, n);
      removed.push({ name: n.name });
    } catch (e) {
      if ((e as { code?: string }).code !== "CONFLICT") throw e;
      inUse.push({ name: n.name });
    }
  }
  return { removed, inUse };
}
