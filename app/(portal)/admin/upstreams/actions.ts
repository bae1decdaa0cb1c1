"use server";
// Upstream hub mutations (platform admins). Thin: FormData → one use-case.
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { createUpstream, deleteUpstream } from "@/lib/replication";
import { upstreamInputFromForm } from "@/app/_lib/upstream-form";

export async function createUpstreamAction(formData: FormData) {
  const r = await runAction((actor) => createUpstream({ actor, input: upstreamInputFromForm(formToObject(formData)) }));
  if (r.ok) revalidatePath("/admin/upstreams");
  return r;
}

export async function deleteUpstreamAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteUpstream({ actor, upstreamId: o.upstreamId }));
  if (r.ok) revalidatePath("/admin/upstreams");
  return r;
}
