"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { clearEnvironmentLogging, setEnvironmentLogging } from "@/lib/logging";

export async function setLoggingAction(formData: FormData) {
  const o = formToObject(formData);
  const input = { driver: o.driver, address: o.address, port: Number(o.port), protocol: o.protocol };
  const r = await runAction((actor) => setEnvironmentLogging({ actor, environmentId: o.environmentId, input }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}/logging`);
  return r;
}

export async function clearLoggingAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => clearEnvironmentLogging({ actor, environmentId: o.environmentId }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}/logging`);
  return r;
}
