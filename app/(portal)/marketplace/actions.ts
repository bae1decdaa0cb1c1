"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deployMarketImage } from "@/lib/images";

export async function deployMarketImageAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction(async (actor) => {
    const { app, jobId } = await deployMarketImage({ actor, imageId: o.imageId, input: { environmentId: o.environmentId, name: o.name } });
    return { appId: app.id, jobId };
  });
  if (r.ok) revalidatePath("/apps");
  return r;
}
