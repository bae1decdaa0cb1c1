"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { updateHost } from "@/lib/hosts";
import { parseLabelLines } from "@/components/hosts/label-lines";

export async function renameHostAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => updateHost({ actor, hostId: o.hostId, input: { name: o.name } }));
  if (r.ok) revalidatePath(`/hosts/${String(o.hostId)}`);
  return r;
}

/** Labels as "key=value" lines; they replace the engine node's labels. */
export async function setHostLabelsAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => updateHost({ actor, hostId: o.hostId, input: { labels: parseLabelLines(String(o.labels ?? "")) } }));
  if (r.ok) revalidatePath(`/hosts/${String(o.hostId)}`);
  return r;
}
