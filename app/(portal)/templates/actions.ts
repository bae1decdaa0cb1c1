"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deployTemplate, publishTemplate } from "@/lib/templates";

/** `answers.X` form fields → `{ X }` (the last value of a checkbox pair wins; empty means "no answer"). */
function answersOf(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith("answers.")) continue;
    const last = Array.isArray(v) ? v.at(-1) : v;
    if (typeof last === "string" && last !== "") out[k.slice("answers.".length)] = last;
  }
  return out;
}

export async function deployTemplateAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction(async (actor) => {
    const { app, jobId } = await deployTemplate({
      actor,
      templateId: o.templateId,
      input: { environmentId: o.environmentId, name: o.name, version: o.version, answers: answersOf(o) },
    });
    return { appId: app.id, jobId };
  });
  if (r.ok) revalidatePath("/apps");
  return r;
}

export async function publishTemplateAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => publishTemplate({ actor, templateId: o.templateId, input: { version: o.version, description: o.description } }));
  if (r.ok) revalidatePath("/admin/publish-requests");
  return r;
}
