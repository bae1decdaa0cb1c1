// Apply one revision of an app to its environment's swarm: the app's overlay network, one swarm
// service per model service (created, or updated in place so swarm does a rolling update), and
// removal of the app's services that left the spec. Idempotent: re-running a deploy converges.
import { appError, isAppError, problem } from "@/lib/errors";
import type { Engine, EngineServiceSpec, NetworkInfo } from "@/lib/docker";
import { LABEL, appLabels, labelFilters } from "./labels";
import { appNetworkName, appServicePrefix, serviceEngineName } from "./names";
import { buildServiceSpecs } from "./build-service-spec";
import { updateServiceSpec } from "./service-update";
import { ensureSwarmObjects, plannedFileNames, withFileIds } from "./swarm-objects";
import type { DeployPlan, DeployProgress, DeployResult } from "./types";

// Swarm removes networks asynchronously: a create right after a remove can still say "exists".
const NETWORK_SETTLE_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function findAppNetwork(manager: Engine, appId: string): Promise<NetworkInfo | undefined> {
  const name = appNetworkName(appId);
  const found = (await manager.listNetworks({ name: [name] })).find((n) => n.name === name);
  if (found && found.labels[LABEL.app] !== appId) {
    throw appError("CONFLICT", "orchestratorErrors.foreignNetwork", { network: name }, `Network ${name} exists but is not labelled as app ${appId}'s network`);
  }
  return found;
}

export async function ensureAppNetwork(
  manager: Engine,
  plan: Pick<DeployPlan, "tenantId" | "environmentId" | "appId">,
): Promise<{ id: string; name: string; created: boolean }> {
  const name = appNetworkName(plan.appId);
  const deadline = Date.now() + NETWORK_SETTLE_MS;
  for (;;) {
    const existing = await findAppNetwork(manager, plan.appId);
    if (existing) return { id: existing.id, name, created: false };
    try {
      const id = await manager.createNetwork({
        Name: name,
        Driver: "overlay",
        // attachable: one-off containers (debug shells, jobs) can join the app's network
        Attachable: true,
        Labels: appLabels(plan),
      });
      return { id, name, created: true };
    } catch (e) {
      if (!isAppError(e) || e.code !== "CONFLICT" || Date.now() > deadline) throw e;
      await sleep(250); // the previous network of this app is still being removed
    }
  }
}

function checkServiceNames(plan: DeployPlan): Map<string, string> {
  const byEngineName = new Map<string, string>();
  for (const s of plan.app.spec.services) {
    const engineName = serviceEngineName(plan.appId, s.name);
    const other = byEngineName.get(engineName);
    if (other !== undefined) {
      throw appError(
        "VALIDATION",
        "orchestratorErrors.sameEngineName",
        { first: other, second: s.name },
        `Services "${other}" and "${s.name}" map to the same engine name`,
        {
          details: [problem(`services.${s.name}`, "fieldErrors.nameCollides", undefined, "name collides after normalization")],
        },
      );
    }
    byEngineName.set(engineName, s.name);
  }
  return byEngineName;
}

export async function deployApp(manager: Engine, plan: DeployPlan, onProgress?: (p: DeployProgress) => void): Promise<DeployResult> {
  // Every spec is built (a model the policy did not make is refused) before the first engine call.
  const specs = buildServiceSpecs(plan.app, { ...plan, network: appNetworkName(plan.appId), files: plannedFileNames(plan) });
  const desired = checkServiceNames(plan);
  const prefix = appServicePrefix(plan.appId);
  // The network, the portal's secrets/configs as swarm objects (new versions only; services refer
  // to them by id) and the app's services so far are independent: asked for at once.
  const [net, fileIds, existing] = await Promise.all([
    ensureAppNetwork(manager, plan),
    ensureSwarmObjects(manager, plan),
    // Candidates must both claim the app by label and carry its name prefix.
    manager.listServices({ label: labelFilters({ app: plan.appId }) }).then((all) => all.filter((s) => s.name.startsWith(prefix))),
  ]);
  onProgress?.({ step: "network", action: net.created ? "created" : "exists", name: net.name, id: net.id });
  const byName = new Map(existing.map((s) => [s.name, s]));
  const result: DeployResult = { networkId: net.id, networkName: net.name, services: {}, removed: [] };

  // Every service is created or updated at once (swarm schedules each as soon as it exists; the
  // file's order carries no meaning on a swarm). A failure is reported for the first failing
  // service in the file's order, after the others settled.
  const applyOne = async (built: (typeof specs)[number]) => {
    const svc = { name: built.service };
    onProgress?.({ step: "service", action: "applying", name: svc.name });
    const spec = withFileIds(onNetwork(built.spec, net.id), fileIds);
    let current = byName.get(spec.Name);
    if (!current) {
      try {
        const { id } = await manager.createService(spec, { registryAuth: plan.registryAuth });
        onProgress?.({ step: "service", action: "created", name: svc.name, engineName: spec.Name, id });
        return id;
      } catch (e) {
        // created by an earlier, interrupted deploy of this app (the name embeds the app id)
        if (!isAppError(e) || e.code !== "CONFLICT") throw e;
        current = (await manager.listServices({ name: [spec.Name] })).find((s) => s.name === spec.Name);
        if (!current) throw e;
      }
    }
    await updateServiceSpec(manager, current.id, (old) => keepForceUpdate(old, spec), { registryAuth: plan.registryAuth });
    onProgress?.({ step: "service", action: "updated", name: svc.name, engineName: spec.Name, id: current.id });
    return current.id;
  };
  const settled = await Promise.allSettled(specs.map(applyOne));
  const failedAt = settled.findIndex((r) => r.status === "rejected");
  if (failedAt >= 0) {
    onProgress?.({ step: "service", action: "failed", name: specs[failedAt].service });
    throw (settled[failedAt] as PromiseRejectedResult).reason;
  }
  specs.forEach((built, i) => (result.services[built.service] = (settled[i] as PromiseFulfilledResult<string>).value));

  for (const s of existing) {
    if (desired.has(s.name)) continue;
    try {
      await manager.removeService(s.id);
    } catch (e) {
      if (!isAppError(e) || e.code !== "NOT_FOUND") throw e;
    }
    result.removed.push(s.name);
    onProgress?.({ step: "prune", action: "removed", name: s.labels[LABEL.service] ?? s.name, engineName: s.name, id: s.id });
  }
  return result;
}

/** The network is attached by id: built before it existed, the spec names it. */
function onNetwork(spec: EngineServiceSpec, networkId: string): EngineServiceSpec {
  const networks = (spec.TaskTemplate.Networks ?? []).map((n) => ({ ...n, Target: networkId }));
  return { ...spec, TaskTemplate: { ...spec.TaskTemplate, Networks: networks } };
}

/** ForceUpdate is a restart counter: sending 0 where the service has 2 would restart every task. */
function keepForceUpdate(old: EngineServiceSpec, next: EngineServiceSpec): EngineServiceSpec {
  const force = old.TaskTemplate?.ForceUpdate;
  return force ? { ...next, TaskTemplate: { ...next.TaskTemplate, ForceUpdate: force } } : next;
}
