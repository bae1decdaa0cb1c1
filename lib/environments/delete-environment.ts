import { db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { loadEnvironment } from "./get-environment";

/** Refused while apps or hosts remain: deleting them is explicit, so nothing keeps running unseen. */
export async function deleteEnvironment({ actor, environmentId }: { actor: Actor; environmentId: unknown }): Promise<void> {
  const env = await loadEnvironment(actor, environmentId, { lenient: true });
  // A shared environment's owner is the platform (null): admins only.
  if (env.shared) authorize(actor, "environment.shared.manage");
  else authorize(actor, "environment.delete", { tenantId: env.ownerTenantId, kind: "Environment" });
  const apps = await db.app.count({ where: { environmentId: env.id } });
  if (apps > 0 || env._count.hosts > 0) {
    throw appError(
      "CONFLICT",
      "environmentErrors.notEmpty",
      { name: env.name, apps, hosts: env._count.hosts },
      `Environment "${env.name}" still has ${apps} app(s) and ${env._count.hosts} host(s); remove them first.`,
    );
  }
  await db.$transaction(async (tx) => {
    await tx.environment.delete({ where: { id: env.id } });
    await recordAudit(tx, {
      actor,
      tenantId: env.ownerTenantId,
      action: "environment.delete",
      targetType: "environment",
      targetId: env.id,
      details: { name: env.name },
    });
  });
}
