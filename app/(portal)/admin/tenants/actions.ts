"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createTenant, deleteTenant } from "@/lib/tenants";

export async function createTenantAction(formData: FormData) {
  const o = formToObject(formData);
  const ownerEmail = String(o.ownerEmail ?? "")
    .trim()
    .toLowerCase();
  const r = await runAction((actor) => createTenant({ actor, input: { name: o.name, slug: o.slug, ...(ownerEmail ? { ownerEmail } : {}) } }));
  if (r.ok) revalidatePath("/admin/tenants");
  return r;
}

export async function deleteTenantAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteTenant({ actor, tenantId: o.tenantId }));
  if (r.ok) revalidatePath("/admin/tenants");
  return r;
}
