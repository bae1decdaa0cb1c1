"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deleteImage, requestPublish } from "@/lib/images";

export async function deleteImageAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteImage({ actor, imageId: o.imageId }));
  if (r.ok) revalidatePath("/images");
  return r;
}

export async function publishImageAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) =>
    requestPublish({ actor, imageId: o.imageId, input: { description: o.description, ...(o.tenantId ? { tenantId: o.tenantId } : {}) } }),
  );
  if (r.ok) revalidatePath("/images");
  return r;
}
