// The raw side: the same Compose text turned into the same engine specs the portal sends
// (parseCompose → environment defaults → validatePolicy → buildServiceSpecs), created straight through the Engine
// API on the same swarm, and watched the way a careful script would (status polls every 50 ms).
import { PLATFORM_LIMITS, applyEnvironmentDefaults, parseCompose, validatePolicy } from "@/lib/compose";
import { buildServiceSpecs } from "@/lib/orchestrator/build-service-spec";
import type { ContainerFilters, Engine, EngineServiceSpec } from "@/lib/docker";
import type { BenchContext } from "./context";
import { until } from "./support";

export const RAW_LABEL = "bench.raw";

export interface RawApp {
  appId: string;
  networkId: string;
  services: { name: string; id: string }[];
}

/** Engine specs for `compose` as the portal would build them (ports must be explicit or absent). */
export function rawSpecs(ctx: BenchContext, appId: string, compose: string, networkId: string): EngineServiceSpec[] {
  const spec = applyEnvironmentDefaults(parseCompose(compose, {}), { cpus: ctx.envDefaults.cpus, memoryMb: ctx.envDefaults.memoryMb });
  // The raw side publishes outside any portal pool; everything else is judged as the portal would.
  const checked = validatePolicy(spec, {
    bindAllowList: [],
    portRange: { from: 1, to: 65535 },
    limits: PLATFORM_LIMITS,
    publishing: { endpointMode: ctx.envDefaults.endpointMode, publishMode: ctx.envDefaults.publishMode },
  });
  const built = buildServiceSpecs(checked, {
    appId,
    appName: appId,
    tenantId: ctx.envDefaults.tenantId,
    environmentId: ctx.environmentId,
    revisionId: "raw",
    network: networkId,
  });
  return built.map(({ spec: s }) => ({ ...s, Labels: { ...s.Labels, [RAW_LABEL]: ctx.runId } }));
}

/** Network + services, as deployApp does (network first, then each service in order). */
export async function rawDeploy(ctx: BenchContext, appId: string, compose: string): Promise<RawApp> {
  const m = ctx.manager;
  const networkId = await m.createNetwork({
    Name: `${appId}-net`,
    Driver: "overlay",
    Attachable: true,
    Labels: { [RAW_LABEL]: ctx.runId },
  });
  const services: RawApp["services"] = [];
  for (const spec of rawSpecs(ctx, appId, compose, networkId)) {
    const { id } = await m.createService(spec);
    services.push({ name: spec.Name, id });
  }
  return { appId, networkId, services };
}

/**
 * When the engine itself had every running task of `services` running, in ms after `wall0`
 * (Date.now() at the trial's start): the latest `Status.Timestamp` of their running tasks, read
 * after the trial (a watch polling the manager during the trial would load it on one side only).
 */
export async function engineRanAt(m: Engine, services: string[], wall0: number): Promise<number> {
  const tasks = await m.listTasks({ service: services, "desired-state": ["running"] });
  const ran = tasks.filter((t) => t.state === "running").map((t) => Date.parse(t.timestamp));
  return ran.length ? Math.max(...ran) - wall0 : 0;
}

/** Every service of the raw app runs its desired number of tasks (ServiceStatus, polled). */
export async function rawConverged(m: Engine, ids: string[], timeoutMs = 180_000, everyMs = 50): Promise<void> {
  await until(
    "raw services to converge",
    async () => {
      const list = await m.listServices({ id: ids });
      if (list.length !== ids.length) return false;
      return list.every((s) => s.desiredTasks !== undefined && s.runningTasks === s.desiredTasks);
    },
    timeoutMs,
    everyMs,
  );
}

export async function rawRemove(m: Engine, app: RawApp): Promise<void> {
  for (const s of app.services) await m.removeService(s.id).catch(() => undefined);
  // swarm removes the tasks asynchronously; the network goes once they are gone
  await until(
    "raw network removable",
    async () => {
      try {
        await m.removeNetwork(app.networkId);
        return true;
      } catch {
        return false;
      }
    },
    60_000,
    250,
  ).catch(() => undefined);
}

/** Wait until the app's containers (labelled caas.app) on the lab engines number `left`: none after
 * a removal, the one running replica after a scale back to 1. Removing or scaling down only starts
 * the tasks' shutdown (busybox's `sleep` ignores SIGTERM: each one waits out the grace period), so
 * the next trial would otherwise run beside the last one's teardown: both sides wait for this,
 * whichever went first. */
export async function appContainersLeft(ctx: Pick<BenchContext, "engines">, appId: string, left: number, timeoutMs = 120_000): Promise<void> {
  await until(
    `${left} container(s) of ${appId} left`,
    async () => {
      // after a removal the containers go too; after a scale-down the stopped ones stay as task history
      const filters: ContainerFilters = {
        label: [`caas.app=${appId}`],
        ...(left > 0 ? { status: ["created", "restarting", "running", "removing", "paused"] } : {}),
      };
      const lists = await Promise.all(ctx.engines.map((e) => e.listContainers({ all: true, filters })));
      return lists.reduce((n, l) => n + l.length, 0) === left;
    },
    timeoutMs,
    250,
  );
}

/** Set the replicas of a raw service (read-modify-write at the current version). */
export async function rawScale(m: Engine, id: string, replicas: number): Promise<void> {
  const s = await m.inspectService(id);
  await m.updateService(id, s.version, { ...s.spec, Mode: { Replicated: { Replicas: replicas } } });
}

/** Remove every raw object this run created (services, then networks). */
export async function rawCleanupAll(ctx: BenchContext): Promise<void> {
  const m = ctx.manager;
  const services = await m.listServices({ label: [`${RAW_LABEL}=${ctx.runId}`] });
  for (const s of services) await m.removeService(s.id).catch(() => undefined);
  const nets = await m.listNetworks({ label: [`${RAW_LABEL}=${ctx.runId}`] }).catch(() => []);
  for (const n of nets) {
    await until(
      `network ${n.name} removable`,
      async () => {
        try {
          await m.removeNetwork(n.id);
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      500,
    ).catch(() => undefined);
  }
}

/** The engine container behind a swarm task, and the engine of the host that runs it. */
export async function containerOfTask(ctx: BenchContext, taskId: string): Promise<{ engine: Engine; containerId: string }> {
  return until(
    `container of task ${taskId}`,
    async () => {
      for (const e of ctx.engines) {
        const found = await e.listContainers({ filters: { label: [`com.docker.swarm.task.id=${taskId}`] } });
        if (found.length > 0) return { engine: e, containerId: found[0].id };
      }
      return null;
    },
    30_000,
    200,
  );
}
