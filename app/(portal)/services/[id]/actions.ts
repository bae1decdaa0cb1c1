"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { scaleService } from "@/lib/services";

/** Scaling changes the engine at once (no new revision); the page then follows the replicas. */
export async function scaleServiceAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => scaleService({ actor, serviceId: o.serviceId, input: { replicas: o.replicas } }));
  if (r.ok) revalidatePath(`/services/${String(o.serviceId)}`);
  return r;
}
