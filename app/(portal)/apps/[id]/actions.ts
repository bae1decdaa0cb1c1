"use server";
// App page mutations. Each starts a job and answers its id at once; the page follows the job
// through ?job= (components/jobs/job-progress.tsx).
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deleteApp, redeployApp, rollbackApp, startApp, stopApp } from "@/lib/apps";
import { composeFromForm, variablesFromText, withRuleNames } from "@/app/_lib/app-form";

function refresh(appId: unknown) {
  revalidatePath(`/apps/${String(appId)}`);
  revalidatePath("/apps");
}

export async function stopAppAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => stopApp({ actor, appId: o.appId }));
  if (r.ok) refresh(o.appId);
  return r;
}

export async function startAppAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => startApp({ actor, appId: o.appId }));
  if (r.ok) refresh(o.appId);
  return r;
}

export async function deleteAppAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteApp({ actor, appId: o.appId }));
  if (r.ok) refresh(o.appId);
  return r;
}

/** A new revision from the edited file; empty variables keep the current revision's. */
export async function redeployAppAction(formData: FormData) {
  const o = formToObject(formData);
  const variables = variablesFromText(o.variables);
  // An unticked box means "no remapping" for this revision (the form always shows the choice).
  const input = { compose: composeFromForm(o), ...(variables ? { variables } : {}), remapPorts: o.remapPorts === "true" };
  const r = await runAction((actor) => withRuleNames(redeployApp({ actor, appId: o.appId, input })));
  if (r.ok) refresh(o.appId);
  return r;
}

/** An earlier revision's file becomes a new revision (checked against today's policy). */
export async function rollbackAppAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => withRuleNames(rollbackApp({ actor, appId: o.appId, input: { revision: o.revision } })));
  if (r.ok) refresh(o.appId);
  return r;
}
