"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createApp } from "@/lib/apps";
import { composeFromForm, variablesFromText, withRuleNames } from "@/app/_lib/app-form";

/** Validates and stores revision 1, enqueues the deploy job; the form then follows the job. */
export async function createAppAction(formData: FormData) {
  const o = formToObject(formData);
  const variables = variablesFromText(o.variables);
  const input = {
    name: typeof o.name === "string" ? o.name.trim() : "",
    compose: composeFromForm(o),
    ...(variables ? { variables } : {}),
    ...(o.remapPorts === "true" ? { remapPorts: true } : {}),
  };
  const r = await runAction((actor) => withRuleNames(createApp({ actor, environmentId: o.environmentId, input })));
  if (r.ok) {
    revalidatePath(`/environments/${String(o.environmentId)}`);
    revalidatePath("/apps");
  }
  return r;
}
