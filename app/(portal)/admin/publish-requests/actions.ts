"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { approvePublishRequest, rejectPublishRequest } from "@/lib/templates";

export async function approvePublishAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => approvePublishRequest({ actor, requestId: o.requestId }));
  if (r.ok) revalidatePath("/admin/publish-requests");
  return r;
}

export async function rejectPublishAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => rejectPublishRequest({ actor, requestId: o.requestId, input: { reason: o.reason } }));
  if (r.ok) revalidatePath("/admin/publish-requests");
  return r;
}
