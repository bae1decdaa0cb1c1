"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createUser, updateUser } from "@/lib/users";

export async function createUserAction(formData: FormData) {
  const o = formToObject(formData);
  // An unchecked checkbox is absent from FormData.
  const input = { name: o.name, email: o.email, password: o.password, platformAdmin: o.platformAdmin === "on" };
  const r = await runAction((actor) => createUser({ actor, input }));
  if (r.ok) revalidatePath("/admin/users");
  return r;
}

/** One flag per form: `field` is "disabled" or "platformAdmin", `value` is "true"/"false". */
export async function setUserFlagAction(formData: FormData) {
  const o = formToObject(formData);
  const field = o.field === "platformAdmin" ? "platformAdmin" : "disabled";
  const r = await runAction((actor) => updateUser({ actor, userId: o.userId, input: { [field]: o.value === "true" } }));
  if (r.ok) revalidatePath("/admin/users");
  return r;
}
