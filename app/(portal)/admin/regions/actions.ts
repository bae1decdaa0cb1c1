"use server";
// Region mutations (platform admins). Thin: FormData → one use-case. Empty optional fields are left
// out (an empty password on edit keeps the stored one).
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createRegion, deleteRegion, updateRegion } from "@/lib/regions";
import { regionInputFromForm } from "@/app/_lib/region-form";

export async function createRegionAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => createRegion({ actor, input: { name: o.name, ...regionInputFromForm(o) } }));
  if (r.ok) revalidatePath("/admin/regions");
  return r;
}

export async function updateRegionAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => updateRegion({ actor, regionId: o.regionId, input: regionInputFromForm(o) }));
  if (r.ok) revalidatePath("/admin/regions");
  return r;
}

export async function deleteRegionAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteRegion({ actor, regionId: o.regionId }));
  if (r.ok) revalidatePath("/admin/regions");
  return r;
}
