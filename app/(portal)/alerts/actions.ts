"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/alerts";

const opt = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const num = (v: unknown) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v === undefined || v === "" ? undefined : v);

export async function createAlertRuleAction(formData: FormData) {
  const o = formToObject(formData);
  const minutes = num(o.forMinutes);
  const input = {
    tenantId: o.tenantId,
    name: o.name,
    kind: o.kind,
    environmentId: opt(o.environmentId),
    threshold: num(o.threshold),
    forSeconds: typeof minutes === "number" ? Math.round(minutes * 60) : minutes,
    webhookUrl: opt(o.webhookUrl),
    webhookSecret: opt(o.webhookSecret),
    emails: String(o.emails ?? "")
      .split(/[,\s]+/)
      .filter(Boolean),
  };
  const r = await runAction((actor) => createAlertRule({ actor, input }));
  if (r.ok) revalidatePath("/alerts");
  return r;
}

export async function updateAlertRuleAction(formData: FormData) {
  const o = formToObject(formData);
  const input = o.op === "silence" ? { silenceMinutes: Number(o.minutes) } : o.op === "enable" ? { enabled: true } : { enabled: false };
  const r = await runAction((actor) => updateAlertRule({ actor, ruleId: o.ruleId, input }));
  if (r.ok) revalidatePath("/alerts");
  return r;
}

export async function deleteAlertRuleAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteAlertRule({ actor, ruleId: o.ruleId }));
  if (r.ok) revalidatePath("/alerts");
  return r;
}
