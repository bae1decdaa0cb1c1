"use server";
// The one server action without a session: the first platform admin of an empty portal
// (setupFirstAdmin refuses once any user exists).
import { formToObject, runPublicAction, type ActionResult } from "@/lib/http/server-action";
import { setupFirstAdmin } from "@/lib/users";

export async function setupFirstAdminAction(formData: FormData): Promise<ActionResult<{ email: string }>> {
  const o = formToObject(formData);
  return runPublicAction(async () => {
    const r = await setupFirstAdmin({ input: { email: o.email, name: o.name || undefined, password: o.password } });
    return { email: r.email };
  });
}
