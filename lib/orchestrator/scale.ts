// Replica changes and restarts of deployed services (no new revision involved).
import { appError, problem } from "@/lib/errors";
import type { Engine } from "@/lib/docker";
import { LIMIT_MESSAGES, PLATFORM_LIMITS, replicasWithin } from "@/lib/compose";
import { listAppServices } from "./observe-app";
import { updateServiceSpec } from "./service-update";

// Changes only Mode.Replicated.Replicas of the engine's current spec (no model is built, so the
// policy has nothing else to judge); the count is bounded by the same limits the policy uses.
// Callers pass their environment's limits; the platform's ceiling holds for every caller.
export async function scaleService(manager: Engine, serviceId: string, replicas: number, limits = PLATFORM_LIMITS): Promise<void> {
  if (!replicasWithin(replicas, limits) || !replicasWithin(replicas, PLATFORM_LIMITS)) {
    const max = Math.min(limits.maxReplicas, PLATFORM_LIMITS.maxReplicas);
    throw appError("VALIDATION", "composeErrors.limits.replicas", { max }, LIMIT_MESSAGES.replicas(max), {
      details: [problem("replicas", "composeErrors.limits.replicas", { max }, LIMIT_MESSAGES.replicas(max))],
    });
  }
  await updateServiceSpec(manager, serviceId, (spec) => {
    if (!spec.Mode.Replicated)
      throw appError("CONFLICT", "orchestratorErrors.notReplicated", undefined, `Service ${spec.Name} is not replicated and cannot be scaled`);
    return { ...spec, Mode: { Replicated: { Replicas: replicas } } };
  });
}

/** Replace every task (also spreads tasks again after a host came back: swarm never rebalances). */
export async function restartService(manager: Engine, serviceId: string): Promise<void> {
  await updateServiceSpec(manager, serviceId, (spec) => ({
    ...spec,
    TaskTemplate: { ...spec.TaskTemplate, ForceUpdate: (spec.TaskTemplate.ForceUpdate ?? 0) + 1 },
  }));
}

/** Scale every service of the app to 0 (the app stays deployed; deploy or scale brings it back). */
export async function stopApp(manager: Engine, appId: string): Promise<{ stopped: string[] }> {
  const services = await listAppServices(manager, appId);
  for (const s of services) {
    if (s.replicas !== 0) await scaleService(manager, s.id, 0);
  }
  return { stopped: services.map((s) => s.name) };
}
