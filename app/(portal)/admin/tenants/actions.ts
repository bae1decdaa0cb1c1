"use server";
import { revalidatePath } from "next/cache";
import { AppError } from "@/lib/errors";
import { formToObject, runAction } from "@/lib/http/server-action";
import type { Actor } from "@/lib/policy";
import { createTenant, deleteTenant } from "@/lib/tenants";
import { listUsers } from "@/lib/users";

// createTenant takes an owner id; the form asks for an email (what admins know). Resolved through
// the users use-case (which authorizes user.read); an unknown email is a field error.
async function ownerIdByEmail(actor: Actor, email: string): Promise<string> {
  const { items } = await listUsers({ actor, query: { q: email, limit: 50 } });
  const user = items.find((u) => u.email === email);
  if (!user) throw new AppError("VALIDATION", `No user with email ${email}; create the user first.`, [{ path: "ownerEmail", message: "Unknown user" }]);
  return user.id;
}

export async function createTenantAction(formData: FormData) {
  const o = formToObject(formData);
  const ownerEmail = String(o.ownerEmail ?? "").trim().toLowerCase();
  const r = await runAction(async (actor) =>
    createTenant({ actor, input: { name: o.name, slug: o.slug, ...(ownerEmail ? { ownerId: await ownerIdByEmail(actor, ownerEmail) } : {}) } }),
  );
  if (r.ok) revalidatePath("/admin/tenants");
  return r;
}

export async function deleteTenantAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteTenant({ actor, tenantId: o.tenantId }));
  if (r.ok) revalidatePath("/admin/tenants");
  return r;
}
