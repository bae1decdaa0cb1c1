"use server";
// The one server action without a session: the first platform admin of an empty portal.
// runAction requires a signed-in actor, so this repeats its Origin check and error mapping here
// (lib/http has no public-action wrapper yet; setupFirstAdmin refuses once any user exists).
import { headers } from "next/headers";
import { AppError, toAppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http";
import { formToObject, type ActionResult } from "@/lib/http/server-action";
import { setupFirstAdmin } from "@/lib/users";

export async function setupFirstAdminAction(formData: FormData): Promise<ActionResult<{ email: string }>> {
  const o = formToObject(formData);
  try {
    const h = await headers();
    if (!isSameOrigin(h.get("origin"), h.get("host"))) throw new AppError("FORBIDDEN", "Cross-origin request refused.");
    const r = await setupFirstAdmin({ input: { email: o.email, name: o.name || undefined, password: o.password } });
    return { ok: true, data: { email: r.email } };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "INTERNAL") console.error("[setup]", e);
    const fields: Record<string, string> = {};
    for (const d of err.details ?? []) fields[d.path] ??= d.message;
    return { ok: false, error: { code: err.code, message: err.message, fields } };
  }
}
