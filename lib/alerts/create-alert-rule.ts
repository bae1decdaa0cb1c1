// POST /api/v1/alert-rules: a tenant owner's rule. The scope (environment, app, service) must be
// the tenant's own: each id is looked up with the tenant inside the where clause.
import { recordAudit } from "@/lib/audit";
import { seal } from "@/lib/crypto";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { email, id, name, parseInput, keyed, z } from "@/lib/validation";
import { ALERT_KINDS, toAlertRuleDto, type AlertRuleDto } from "./alert-rule-dto";

export const webhookUrl = z
  .string()
  .trim()
  .max(500)
  .refine((u) => {
    try {
      const p = new URL(u);
      return (p.protocol === "http:" || p.protocol === "https:") && !p.username && !p.password;
    } catch {
      return false;
    }
  }, keyed("validation.webhookUrl"));

const input = z
  .object({
    tenantId: id,
    name,
    kind: z.enum(ALERT_KINDS),
    environmentId: id.optional(),
    appId: id.optional(),
    serviceId: id.optional(),
    threshold: z.number().min(0).max(100_000).optional(),
    forSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .default(0),
    webhookUrl: webhookUrl.optional(),
    webhookSecret: z.string().min(8).max(200).optional(),
    emails: z.array(email).max(10).default([]),
  })
  .strict();

const NEEDS_THRESHOLD = new Set(["cpu_above", "memory_above"]);

export async function createAlertRule({ actor, input: raw }: { actor: Actor; input: unknown }): Promise<AlertRuleDto> {
  const i = parseInput(input, raw);
  authorize(actor, "alert.manage", { tenantId: i.tenantId, kind: "Tenant" });
  if (NEEDS_THRESHOLD.has(i.kind) && i.threshold === undefined) {
    throw new AppError("VALIDATION", "This kind of rule needs a threshold.", [{ path: "threshold", message: "required" }], {
      i18n: { key: "observe.errors.threshold" },
    });
  }
  if (i.webhookUrl && !i.webhookSecret) {
    throw new AppError("VALIDATION", "A webhook needs a signing secret.", [{ path: "webhookSecret", message: "required" }], {
      i18n: { key: "observe.errors.webhookSecret" },
    });
  }
  const t = i.tenantId;
  if (i.environmentId && !(await db.environment.findFirst({ where: { AND: [{ id: i.environmentId }, { tenantId: t }] }, select: { id: true } })))
    throw notFound("Environment");
  if (i.appId && !(await db.app.findFirst({ where: { AND: [{ id: i.appId }, { tenantId: t }] }, select: { id: true } }))) throw notFound("App");
  if (i.serviceId && !(await db.service.findFirst({ where: { AND: [{ id: i.serviceId }, { tenantId: t }] }, select: { id: true } }))) throw notFound("Service");
  const row = await db.$transaction(async (tx) => {
    const r = await tx.alertRule.create({
      data: {
        tenantId: t,
        name: i.name,
        kind: i.kind,
        environmentId: i.environmentId ?? null,
        appId: i.appId ?? null,
        serviceId: i.serviceId ?? null,
        threshold: i.threshold ?? null,
        forSeconds: i.forSeconds,
        webhookUrl: i.webhookUrl ?? null,
        webhookSecretEnc: i.webhookSecret ? seal(i.webhookSecret) : null,
        emails: JSON.stringify(i.emails),
      },
    });
    await recordAudit(tx, { actor, tenantId: t, action: "alert.rule.create", targetType: "AlertRule", targetId: r.id, details: { kind: i.kind } });
    return r;
  });
  return toAlertRuleDto(row);
}
