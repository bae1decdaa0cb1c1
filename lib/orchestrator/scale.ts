// Replica changes and restarts of deployed services (no new revision involved).
import { AppError } from "@/lib/errors";
import type { Engine } from "@/lib/docker";
import { listAppServices } from "./observe-app";
import { updateServiceSpec } from "./service-update";

export async function scaleService(manager: Engine, serviceId: string, replicas: number): Promise<void> {
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > 1000) {
    throw new AppError("VALIDATION", "Replicas must be an integer between 0 and 1000", [{ path: "replicas", message: "out of range" }]);
  }
  await updateServiceSpec(manager, serviceId, (spec) => {
    if (!spec.Mode.Replicated) throw new AppError("CONFLICT", `Service ${spec.Name} is not replicated and cannot be scaled`);
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
