"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createToken, revokeToken } from "@/lib/tokens";

/** Returns the secret once; only its hash is stored, so the UI must show it now or never. */
export async function createTokenAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => createToken({ actor, input: { name: o.name } }));
  if (r.ok) revalidatePath("/settings/tokens");
  return r;
}

export async function revokeTokenAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => revokeToken({ actor, tokenId: o.tokenId }));
  if (r.ok) revalidatePath("/settings/tokens");
  return r;
}
