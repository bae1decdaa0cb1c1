// Named volumes of an environment. In swarm a volume is local to one host (every host that ran a
// task of the app has its own copy), so volumes are listed and removed per host. What uses a
// volume: the containers on that host that mount it, running or not (the engine refuses to remove
// a volume any container refers to, and so do we, naming them).
import { isUnreachable, type ContainerSummary } from "@/lib/docker";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { LABEL } from "@/lib/orchestrator";
import type { Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import {
  defaultResourceDeps,
  loadResourceScope,
  ownedObjects,
  scopeFilter,
  type AppRef,
  type ResourceDeps,
  type ResourceHost,
  type ResourceScope,
} from "./resource-scope";
import { resourceErrors, userLabel } from "./errors";

export interface ResourceUser {
  app: AppRef | null;
  /** the compose service name */
  service: string | null;
  /** the container's name (volumes) */
  container?: string;
  state?: string;
}

export interface VolumeDto {
  name: string;
  hostId: string;
  hostName: string;
  driver: string;
  createdAt: string;
  /** The app that created it; null when that app is gone. */
  app: AppRef | null;
  usedBy: ResourceUser[];
  inUse: boolean;
}

export interface UnreachableHost {
  hostId: string;
  hostName: string;
}

const volumeName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/, "a volume name");
const removeQuery = z.object({ hostId: z.string().min(1).max(64).optional() });

function usersOf(containers: ContainerSummary[], apps: Map<string, AppRef>): ResourceUser[] {
  return containers
    .map((c) => {
      const appId = c.labels[LABEL.app];
      return {
        app: appId ? (apps.get(appId) ?? null) : null,
        service: c.labels[LABEL.service] ?? c.labels["com.docker.swarm.service.name"] ?? null,
        container: c.names[0] ?? c.id.slice(0, 12),
        state: c.state,
      };
    })
    .sort((a, b) => userLabel(a).localeCompare(userLabel(b)));
}

async function volumesOnHost(scope: ResourceScope, host: ResourceHost, deps: ResourceDeps): Promise<VolumeDto[]> {
  const owned = await ownedObjects(scope, await host.engine.listVolumes({ label: scopeFilter(scope) }), deps);
  const out: VolumeDto[] = [];
  for (const { object: v, app } of owned) {
    const containers = await host.engine.listContainers({ all: true, filters: { volume: [v.name] } });
    // Only containers that mount exactly this volume (the engine also matches mount destinations).
    const apps = new Map((await deps.appsById([...new Set(containers.map((c) => c.labels[LABEL.app]).filter((x): x is string => !!x))])).map((a) => [a.id, a]));
    const visible = new Map([...apps].filter(([, a]) => a.environmentId === scope.environmentId).map(([id, a]) => [id, { id, name: a.name }]));
    const usedBy = usersOf(containers, visible);
    out.push({ name: v.name, hostId: host.id, hostName: host.name, driver: v.driver, createdAt: v.createdAt, app, usedBy, inUse: usedBy.length > 0 });
  }
  return out;
}

/** The environment's portal volumes on every host, each with what uses it; hosts that do not answer are named. */
export async function listEnvironmentVolumes(
  { actor, environmentId }: { actor: Actor; environmentId: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ items: VolumeDto[]; unreachableHosts: UnreachableHost[] }> {
  const scope = await loadResourceScope(actor, environmentId, "read", deps);
  return collectVolumes(scope, deps);
}

async function collectVolumes(scope: ResourceScope, deps: ResourceDeps): Promise<{ items: VolumeDto[]; unreachableHosts: UnreachableHost[] }> {
  const items: VolumeDto[] = [];
  const unreachableHosts: UnreachableHost[] = [];
  await Promise.all(
    scope.hosts.map(async (h) => {
      try {
        items.push(...(await volumesOnHost(scope, h, deps)));
      } catch (e) {
        if (!isUnreachable(e)) throw e;
        unreachableHosts.push({ hostId: h.id, hostName: h.name });
      }
    }),
  );
  items.sort((a, b) => a.name.localeCompare(b.name) || a.hostName.localeCompare(b.hostName));
  return { items, unreachableHosts };
}

async function removeOne(actor: Actor, scope: ResourceScope, v: VolumeDto, host: ResourceHost): Promise<void> {
  if (v.inUse)
    throw resourceErrors.volumeInUse(
      v.name,
      v.usedBy.map((u) => userLabel(u)),
    );
  try {
    await host.engine.removeVolume(v.name);
  } catch (e) {
    // a container started using it between the listing and the removal
    if ((e as { code?: string }).code === "CONFLICT") throw resourceErrors.volumeInUse(v.name, []);
    throw e;
  }
  await recordAudit(db, {
    actor,
    tenantId: scope.ownerTenantId ?? scope.tenantId,
    action: "volume.remove",
    targetType: "volume",
    targetId: v.name,
    details: { environmentId: scope.environmentId, host: host.name },
  });
}

/** Removes one unused volume (on one host, or on every host that has it); refused while anything uses it. */
export async function removeEnvironmentVolume(
  { actor, environmentId, name, query }: { actor: Actor; environmentId: unknown; name: unknown; query?: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ removed: { hostId: string; hostName: string; name: string }[] }> {
  const scope = await loadResourceScope(actor, environmentId, "remove", deps);
  const n = parseInput(volumeName, name);
  const { hostId } = parseInput(removeQuery, query ?? {});
  const { items, unreachableHosts } = await collectVolumes(scope, deps);
  const targets = items.filter((v) => v.name === n && (!hostId || v.hostId === hostId));
  if (targets.length === 0) {
    const down = unreachableHosts.find((h) => !hostId || h.hostId === hostId);
    throw down ? resourceErrors.hostUnreachable(down.hostName) : resourceErrors.volumeNotFound(n);
  }
  // all or nothing: refuse before removing any copy when one of them is in use
  const busy = targets.find((v) => v.inUse);
  if (busy)
    throw resourceErrors.volumeInUse(
      n,
      busy.usedBy.map((u) => userLabel(u)),
    );
  const removed = [];
  for (const v of targets) {
    await removeOne(actor, scope, v, scope.hosts.find((h) => h.id === v.hostId)!);
    removed.push({ hostId: v.hostId, hostName: v.hostName, name: v.name });
  }
  return { removed };
}

/** Removes every unused portal volume of the environment; volumes in use are left and listed. */
export async function pruneEnvironmentVolumes(
  { actor, environmentId }: { actor: Actor; environmentId: unknown },
  deps: ResourceDeps = defaultResourceDeps,
): Promise<{ removed: { hostId: string; hostName: string; name: string }[]; inUse: { hostId: string; hostName: string; name: string }[] }> {
  const scope = await loadResourceScope(actor, environmentId, "remove", deps);
  const { items } = await collectVolumes(scope, deps);
  const removed = [];
  const inUse = [];
  for (const v of items) {
    const ref = { hostId: v.hostId, hostName: v.hostName, name: v.name };
    if (v.inUse) {
      inUse.push(ref);
      continue;
    }
    try {
      await removeOne(actor, scope, v, scope.hosts.find((h) => h.id === v.hostId)!);
      removed.push(ref);
    } catch (e) {
      if ((e as { code?: string }).code !== "CONFLICT") throw e;
      inUse.push(ref);
    }
  }
  return { removed, inUse };
}
