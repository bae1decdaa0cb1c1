"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deleteEnvironment, updateEnvironment } from "@/lib/environments";
import { environmentInputFromForm } from "@/app/_lib/environment-form";

export async function updateEnvironmentAction(formData: FormData) {
  const o = formToObject(formData);
  // The allow-list field is only rendered for platform admins; only send it when it was rendered,
  // so an owner's edit never trips the admin-only policy check.
  const input = environmentInputFromForm(o, { includeBindAllowList: "bindAllowList" in o });
  const r = await runAction((actor) => updateEnvironment({ actor, environmentId: o.environmentId, input }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

export async function deleteEnvironmentAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteEnvironment({ actor, environmentId: o.environmentId }));
  if (r.ok) revalidatePath("/environments");
  return r;
}
