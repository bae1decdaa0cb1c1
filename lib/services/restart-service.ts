// Restart a service: swarm replaces every task (force update), one at a time as the service's
// update config says. Also spreads the tasks again after a host came back (swarm never rebalances).
import { db } from "@/lib/db";
import { storedText, storedTextColumns } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { restartService as forceUpdate } from "@/lib/orchestrator";
import { followConvergence } from "@/lib/reconcile/follow-convergence";
import { toServiceDto, type ServiceDto } from "@/lib/apps/app-dto";
import type { Actor } from "@/lib/policy";
import { loadDeployedService } from "./deployed-service";

export async function restartService({ actor, serviceId }: { actor: Actor; serviceId: unknown }): Promise<ServiceDto> {
  const { svc, swarmServiceId, engine } = await loadDeployedService(actor, serviceId, "service.manage");
  await forceUpdate(engine, swarmServiceId);
  const updated = await db.$transaction(async (tx) => {
    await tx.serviceEvent.create({
      data: {
        serviceId: svc.id,
        type: "restart",
        ...storedTextColumns(storedText("storedTexts.events.restarted", { actor: actor.email }, `Restarted by ${actor.email}`)),
      },
    });
    await recordAudit(tx, { actor, tenantId: svc.tenantId, action: "service.restart", targetType: "service", targetId: svc.id });
    return tx.service.findUniqueOrThrow({ where: { id: svc.id }, include: { portLeases: true } });
  });
  followConvergence(svc.environmentId, svc.appId);
  return toServiceDto(updated);
}
