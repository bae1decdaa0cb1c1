"use server";
import { cookies } from "next/headers";
import { formToObject, runAction } from "@/lib/http/server-action";
import { updateMyPreferences } from "@/lib/users";
import { LOCALE_COOKIE } from "@/lib/i18n/config";

/** Language and/or time zone of the signed-in user; the language cookie follows (login page). */
export async function updatePreferencesAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => updateMyPreferences({ actor, input: o }));
  if (r.ok && r.data.locale) (await cookies()).set(LOCALE_COOKIE, r.data.locale, { path: "/", maxAge: 31536000, sameSite: "lax" });
  return r;
}
