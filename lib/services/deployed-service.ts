// The shared first steps of the day-2 service actions: the service in the caller's tenant scope,
// authorized, deployed, and its app not in the middle of a deploy or delete.
import { AppError } from "@/lib/errors";
import { authorize, type Actor, type Permission } from "@/lib/policy";
import { managerEngine } from "@/lib/hosts";
import { loadService } from "./services";

export async function loadDeployedService(actor: Actor, serviceId: unknown, permission: Permission) {
  const svc = await loadService(actor, serviceId);
  authorize(actor, permission, { tenantId: svc.tenantId, kind: "Service" });
  if (!svc.swarmServiceId)
    throw new AppError("CONFLICT", "This service is not deployed yet; wait for the deploy to finish.", undefined, { i18n: { key: "day2Errors.notDeployed" } });
  if (svc.app.status === "deploying" || svc.app.status === "deleting")
    throw new AppError("CONFLICT", `The app is ${svc.app.status}; try again when it is done.`, undefined, {
      i18n: { key: "day2Errors.appBusy", params: { status: `@states.${svc.app.status}` } },
    });
  const { engine } = await managerEngine(svc.environmentId);
  return { svc, swarmServiceId: svc.swarmServiceId, engine };
}
