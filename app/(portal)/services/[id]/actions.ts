"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { restartService, scaleService, startService, stopService, updateServiceImage } from "@/lib/services";
import { removeContainer, restartContainer } from "@/lib/containers";
import { rollbackApp } from "@/lib/apps";

/** Scaling changes the engine at once (no new revision); the page then follows the replicas. */
export async function scaleServiceAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => scaleService({ actor, serviceId: o.serviceId, input: { replicas: o.replicas } }));
  if (r.ok) revalidatePath(`/services/${String(o.serviceId)}`);
  return r;
}

// Day-2 actions (issue 11 item 5): each confirmed in a dialog, each one use-case.
const refresh = (serviceId: unknown) => revalidatePath(`/services/${String(serviceId)}`);

export async function restartServiceAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => restartService({ actor, serviceId: o.serviceId }));
  if (r.ok) refresh(o.serviceId);
  return r;
}

export async function stopServiceAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => stopService({ actor, serviceId: o.serviceId }));
  if (r.ok) refresh(o.serviceId);
  return r;
}

export async function startServiceAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => startService({ actor, serviceId: o.serviceId }));
  if (r.ok) refresh(o.serviceId);
  return r;
}

/** Answers the deploy job and the revision to roll back to. */
export async function updateServiceImageAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction(async (actor) => {
    const a = await updateServiceImage({ actor, serviceId: o.serviceId, input: { tag: o.tag } });
    return { jobId: a.jobId, appId: a.app.id, image: a.image, previousRevision: a.previousRevision };
  });
  if (r.ok) refresh(o.serviceId);
  return r;
}

export async function rollbackServiceAppAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction(async (actor) => {
    const a = await rollbackApp({ actor, appId: o.appId, input: { revision: o.revision } });
    return { jobId: a.jobId, appId: a.app.id };
  });
  if (r.ok) refresh(o.serviceId);
  return r;
}

export async function restartContainerAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => restartContainer({ actor, containerId: o.containerId }));
  if (r.ok) refresh(o.serviceId);
  return r;
}

export async function removeContainerAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => removeContainer({ actor, containerId: o.containerId }));
  if (r.ok) refresh(o.serviceId);
  return r;
}
