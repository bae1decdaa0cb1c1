// Stop one service: scale it to 0 and remember how many replicas it had (the audit row's `from`),
// so Start brings the same number back. The app's other services keep running.
import { db } from "@/lib/db";
import { storedText, storedTextColumns } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { scaleService as scaleEngineService } from "@/lib/orchestrator";
import { followConvergence } from "@/lib/reconcile/follow-convergence";
import { toServiceDto, type ServiceDto } from "@/lib/apps/app-dto";
import type { Actor } from "@/lib/policy";
import { loadDeployedService } from "./deployed-service";

export async function stopService({ actor, serviceId }: { actor: Actor; serviceId: unknown }): Promise<ServiceDto> {
  const { svc, swarmServiceId, engine } = await loadDeployedService(actor, serviceId, "service.manage");
  if (svc.desiredReplicas === 0) return toServiceDto(svc);
  await scaleEngineService(engine, swarmServiceId, 0);
  const updated = await db.$transaction(async (tx) => {
    const s = await tx.service.update({ where: { id: svc.id }, data: { desiredReplicas: 0, lastError: null }, include: { portLeases: true } });
    await tx.serviceEvent.create({
      data: {
        serviceId: svc.id,
        type: "stop",
        ...storedTextColumns(
          storedText(
            "storedTexts.events.stopped",
            { actor: actor.email, replicas: svc.desiredReplicas },
            `Stopped by ${actor.email} (had ${svc.desiredReplicas} replicas)`,
          ),
        ),
      },
    });
    await recordAudit(tx, {
      actor,
      tenantId: svc.tenantId,
      action: "service.stop",
      targetType: "service",
      targetId: svc.id,
      details: { from: svc.desiredReplicas },
    });
    return s;
  });
  followConvergence(svc.environmentId, svc.appId);
  return toServiceDto(updated);
}
