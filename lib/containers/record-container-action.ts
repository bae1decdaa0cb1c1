// After a container action: the service event, the audit row (one transaction), and the
// reconciler told to look now. Called by the container use-cases after resolveContainer() has
// loaded the container in the caller's scope and authorized the action.
import { db } from "@/lib/db";
import { storedTextColumns, type StoredText } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { followConvergence } from "@/lib/reconcile/follow-convergence";
import type { Actor } from "@/lib/policy";
import type { ResolvedContainer } from "./resolve-container";

export async function recordContainerAction(actor: Actor, c: ResolvedContainer, kind: "restart" | "remove", message: StoredText): Promise<void> {
  const svc = await db.service.findFirstOrThrow({
    where: { AND: [{ id: c.serviceId }, { tenantId: c.tenantId }] },
    select: { environmentId: true, appId: true },
  });
  await db.$transaction(async (tx) => {
    await tx.serviceEvent.create({ data: { serviceId: c.serviceId, type: `container-${kind}`, ...storedTextColumns(message) } });
    await recordAudit(tx, {
      actor,
      tenantId: c.tenantId,
      action: `container.${kind}`,
      targetType: "container",
      targetId: c.id,
      details: { host: c.host.name },
    });
  });
  followConvergence(svc.environmentId, svc.appId);
}
