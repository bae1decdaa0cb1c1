"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deleteEnvironment, updateEnvironment } from "@/lib/environments";
import { addHost, removeHost } from "@/lib/hosts";
import { environmentInputFromForm } from "@/app/_lib/environment-form";
import { hostInputFromForm } from "@/app/_lib/host-form";

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

/** Synchronous: the use-case checks the engine and inits or joins the swarm before answering. */
export async function addHostAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => addHost({ actor, environmentId: o.environmentId, input: hostInputFromForm(o) }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

/** Starts the drain-and-leave job; the hosts table follows the host until it is gone. */
export async function removeHostAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => removeHost({ actor, hostId: o.hostId }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}
