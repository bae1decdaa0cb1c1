import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { loadEnvironment } from "./get-environment";

/** Refused while apps or hosts remain: deleting them is explicit, so nothing keeps running unseen. */
export async function deleteEnvironment({ actor, environmentId }: { actor: Actor; environmentId: unknown }): Promise<void> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "environment.delete", { tenantId: env.tenantId, kind: "Environment" });
  if (env._count.apps > 0 || env._count.hosts > 0) {
    throw new AppError("CONFLICT", `Environment "${env.name}" still has ${env._count.apps} app(s) and ${env._count.hosts} host(s); remove them first.`);
  }
  await db.$transaction(async (tx) => {
    await tx.environment.delete({ where: { id: env.id } });
    await recordAudit(tx, {
      actor,
      tenantId: env.tenantId,
      action: "environment.delete",
      targetType: "environment",
      targetId: env.id,
      details: { name: env.name },
    });
  });
}
