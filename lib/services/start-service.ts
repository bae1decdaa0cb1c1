// Start a stopped service: back to the replicas it had when it was stopped (1 when unknown).
import { db } from "@/lib/db";
import { storedText, storedTextColumns } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { environmentLimits } from "@/lib/compose";
import { scaleService as scaleEngineService } from "@/lib/orchestrator";
import { followConvergence } from "@/lib/reconcile/follow-convergence";
import { toServiceDto, type ServiceDto } from "@/lib/apps/app-dto";
import type { Actor } from "@/lib/policy";
import { z } from "@/lib/validation";
import { withQuota } from "@/lib/quotas";
import { loadDeployedService } from "./deployed-service";

const stoppedFrom = z.object({ from: z.number().int().min(1) });

async function replicasBeforeStop(serviceId: string, tenantId: string): Promise<number> {
  const stop = await db.auditEvent.findFirst({
    where: { AND: [{ tenantId }, { action: "service.stop" }, { targetType: "service" }, { targetId: serviceId }] },
    orderBy: { createdAt: "desc" },
  });
  try {
    const r = stoppedFrom.safeParse(JSON.parse(stop?.detailsJson ?? "{}"));
    return r.success ? r.data.from : 1;
  } catch {
    return 1;
  }
}

export async function startService({ actor, serviceId }: { actor: Actor; serviceId: unknown }): Promise<ServiceDto> {
  const { svc, swarmServiceId, engine } = await loadDeployedService(actor, serviceId, "service.manage");
  if (svc.desiredReplicas > 0) return toServiceDto(svc);
  const limits = environmentLimits({ id: svc.environmentId });
  const replicas = Math.min(await replicasBeforeStop(svc.id, svc.tenantId), limits.maxReplicas);
  // Quota (issue 16): starting asks for the replicas again; checked before the engine call, and the
  // new desired count is written under the tenant's quota lock.
  const quota = { kind: "scale" as const, tenantId: svc.tenantId, environmentId: svc.environmentId, serviceId: svc.id, replicas };
  const updated = await withQuota(quota, null, async () => {
    await scaleEngineService(engine, swarmServiceId, replicas, limits);
    return db.$transaction(async (tx) => {
      const s = await tx.service.update({ where: { id: svc.id }, data: { desiredReplicas: replicas, lastError: null }, include: { portLeases: true } });
      await tx.serviceEvent.create({
        data: {
          serviceId: svc.id,
          type: "start",
          ...storedTextColumns(
            storedText("storedTexts.events.started", { replicas, actor: actor.email }, `Started with ${replicas} replicas by ${actor.email}`),
          ),
        },
      });
      if (svc.app.status === "stopped") await tx.app.update({ where: { id: svc.appId }, data: { status: "degraded" } });
      await recordAudit(tx, { actor, tenantId: svc.tenantId, action: "service.start", targetType: "service", targetId: svc.id, details: { to: replicas } });
      return s;
    });
  });
  followConvergence(svc.environmentId, svc.appId);
  return toServiceDto(updated);
}
