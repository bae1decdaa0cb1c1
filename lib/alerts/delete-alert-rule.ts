// DELETE /api/v1/alert-rules/{id}: the rule and its open alerts (history rows go with it).
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";

export async function deleteAlertRule({ actor, ruleId }: { actor: Actor; ruleId: unknown }): Promise<void> {
  const rid = parseInput(id, ruleId);
  const rule = await db.alertRule.findFirst({ where: { AND: [{ id: rid }, tenantScope(actor)] } });
  if (!rule) throw notFound("Object");
  authorize(actor, "alert.manage", { tenantId: rule.tenantId, kind: "Object" });
  await db.$transaction(async (tx) => {
    await tx.alertRule.deleteMany({ where: { AND: [{ id: rule.id }, { tenantId: rule.tenantId }] } });
    await recordAudit(tx, { actor, tenantId: rule.tenantId, action: "alert.rule.delete", targetType: "AlertRule", targetId: rule.id });
  });
}
