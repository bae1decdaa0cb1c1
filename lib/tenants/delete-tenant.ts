import { db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { id, parseInput } from "@/lib/validation";

/** Admin only; refused while the tenant still has environments (remove their apps and hosts first). */
export async function deleteTenant({ actor, tenantId }: { actor: Actor; tenantId: unknown }): Promise<void> {
  authorize(actor, "tenant.delete");
  const tid = parseInput(id, tenantId);
  const members = await db.$transaction(async (tx) => {
    const t = await tx.tenant.findUnique({
      where: { id: tid },
      include: { _count: { select: { environments: true } }, memberships: { select: { userId: true } } },
    });
    if (!t) throw notFound("Tenant");
    if (t._count.environments > 0)
      throw appError(
        "CONFLICT",
        "tenantErrors.hasEnvironments",
        { name: t.name, count: t._count.environments },
        `Tenant "${t.name}" still has ${t._count.environments} environment(s); delete them first.`,
      );
    // Apps in shared environments belong to the tenant, not to an environment of its own (issue 16).
    const apps = await tx.app.count({ where: { tenantId: tid } });
    if (apps > 0)
      throw appError(
        "CONFLICT",
        "tenantErrors.hasSharedApps",
        { name: t.name, count: apps },
        `Tenant "${t.name}" still has ${apps} app(s) in shared environments; delete them first.`,
      );
    await tx.quota.deleteMany({ where: { tenantId: tid } });
    // samples of hosts of shared environments are the tenant's too (its own hosts' go with them by FK)
    await tx.hostMetricSample.deleteMany({ where: { tenantId: tid } });
    await tx.tenant.delete({ where: { id: tid } });
    await recordAudit(tx, { actor, tenantId: null, action: "tenant.delete", targetType: "tenant", targetId: tid, details: { name: t.name, slug: t.slug } });
    return t.memberships.map((m) => m.userId);
  });
  announceAccessChange(...members);
}
