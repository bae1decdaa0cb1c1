"use server";
// Tenant overview mutations: environments and members. Thin: FormData → one use-case.
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createEnvironment } from "@/lib/environments";
import { addMember, removeMember, revokeInvitation } from "@/lib/tenants";
import { environmentInputFromForm } from "@/app/_lib/environment-form";
import { setQuota, QUOTA_KEYS } from "@/lib/quotas";

function refresh(tenantId: unknown) {
  revalidatePath(`/tenants/${String(tenantId)}`);
}

/** Admins set the tenant's quota (issue 16): an empty field is no limit. */
export async function setQuotaAction(formData: FormData) {
  const o = formToObject(formData);
  const input = Object.fromEntries(QUOTA_KEYS.map((k) => [k, o[k] === undefined || o[k] === "" ? null : o[k]]));
  const r = await runAction((actor) => setQuota({ actor, tenantId: o.tenantId, input }));
  if (r.ok) refresh(o.tenantId);
  return r;
}

export async function createEnvironmentAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => createEnvironment({ actor, input: { tenantId: o.tenantId, ...environmentInputFromForm(o) } }));
  if (r.ok) refresh(o.tenantId);
  return r;
}

/** Adds a member by email (or invites the address: the answer is the same whether or not it has an
 * account), or changes the role of an existing one (the use-case upserts). */
export async function addMemberAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => addMember({ actor, tenantId: o.tenantId, input: { email: o.email, role: o.role } }));
  if (r.ok) refresh(o.tenantId);
  return r;
}

export async function changeMemberRoleAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => addMember({ actor, tenantId: o.tenantId, input: { userId: o.userId, role: o.role } }));
  if (r.ok) refresh(o.tenantId);
  return r;
}

export async function removeMemberAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => removeMember({ actor, tenantId: o.tenantId, userId: o.userId }));
  if (r.ok) refresh(o.tenantId);
  return r;
}

export async function revokeInvitationAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => revokeInvitation({ actor, tenantId: o.tenantId, email: o.email }));
  if (r.ok) refresh(o.tenantId);
  return r;
}
