"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { saveAppAsTemplate, upgradeApp } from "@/lib/templates";

export async function upgradeAppAction(formData: FormData) {
  const o = formToObject(formData);
  const answers: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    const last = Array.isArray(v) ? v.at(-1) : v;
    if (k.startsWith("answers.") && typeof last === "string" && last !== "") answers[k.slice("answers.".length)] = last;
  }
  const r = await runAction(async (actor) => {
    const { app, jobId } = await upgradeApp({ actor, appId: o.appId, input: { version: o.version, answers } });
    return { appId: app.id, jobId };
  });
  if (r.ok) revalidatePath(`/apps/${String(o.appId)}`);
  return r;
}

export async function saveAsTemplateAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction(async (actor) => {
    const t = await saveAppAsTemplate({ actor, appId: o.appId, input: { name: o.name, scope: o.scope } });
    return { templateId: t.id };
  });
  if (r.ok) revalidatePath("/templates");
  return r;
}
