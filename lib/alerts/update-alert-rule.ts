// PATCH /api/v1/alert-rules/{id}: enable/disable, silence for a while (or end the silence).
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput, z } from "@/lib/validation";
import { toAlertRuleDto, type AlertRuleDto } from "./alert-rule-dto";

const input = z
  .object({
    enabled: z.boolean().optional(),
    /** Minutes from now; 0 ends a silence. */
    silenceMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .optional(),
  })
  .strict();

export async function updateAlertRule({ actor, ruleId, input: raw }: { actor: Actor; ruleId: unknown; input: unknown }): Promise<AlertRuleDto> {
  const rid = parseInput(id, ruleId);
  const i = parseInput(input, raw);
  const rule = await db.alertRule.findFirst({ where: { AND: [{ id: rid }, tenantScope(actor)] } });
  if (!rule) throw notFound("Object");
  authorize(actor, "alert.manage", { tenantId: rule.tenantId, kind: "Object" });
  const silencedUntil = i.silenceMinutes === undefined ? undefined : i.silenceMinutes === 0 ? null : new Date(Date.now() + i.silenceMinutes * 60_000);
  const row = await db.$transaction(async (tx) => {
    const r = await tx.alertRule.update({ where: { id: rule.id }, data: { enabled: i.enabled, silencedUntil } });
    await recordAudit(tx, { actor, tenantId: rule.tenantId, action: "alert.rule.update", targetType: "AlertRule", targetId: rule.id, details: i });
    return r;
  });
  return toAlertRuleDto(row);
}
