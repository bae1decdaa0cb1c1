"use server";
import { revalidatePath } from "next/cache";
import { formToObject, runAction } from "@/lib/http/server-action";
import { deleteEnvironment, updateEnvironment } from "@/lib/environments";
import { addHost, removeHost, setHostAvailability } from "@/lib/hosts";
import { createPortalSecret, deletePortalSecret, listPortalSecrets, updatePortalSecret } from "@/lib/secrets";
import { environmentInputFromForm } from "@/app/_lib/environment-form";
import { hostInputFromForm } from "@/app/_lib/host-form";
import {
  pruneEnvironmentImages,
  pruneEnvironmentNetworks,
  pruneEnvironmentVolumes,
  pullImageOnHosts,
  removeEnvironmentNetwork,
  removeEnvironmentVolume,
} from "@/lib/resources";

export async function updateEnvironmentAction(formData: FormData) {
  const o = formToObject(formData);
  // The allow-list field is only rendered for platform admins; only send it when it was rendered,
  // so an owner's edit never trips the admin-only policy check.
  const input = environmentInputFromForm(o, { includeBindAllowList: "bindAllowList" in o });
  const r = await runAction((actor) => updateEnvironment({ actor, environmentId: o.environmentId, input }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

export async function deleteEnvironmentAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => deleteEnvironment({ actor, environmentId: o.environmentId }));
  if (r.ok) revalidatePath("/environments");
  return r;
}

/** Synchronous: the use-case checks the engine and inits or joins the swarm before answering. */
export async function addHostAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => addHost({ actor, environmentId: o.environmentId, input: hostInputFromForm(o) }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

/** Starts the drain-and-leave job; the hosts table follows the host until it is gone. */
export async function removeHostAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => removeHost({ actor, hostId: o.hostId }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

/** Drain a host or make it active again (issue 11 day-2). */
export async function setHostAvailabilityAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => setHostAvailability({ actor, hostId: o.hostId, input: { availability: o.availability } }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

/** Adds a secret or config, or gives an existing name a new value (a new version). Never echoes it. */
export async function savePortalSecretAction(formData: FormData) {
  const o = formToObject(formData);
  const kind = o.kind === "config" ? "config" : "secret";
  const r = await runAction(async (actor) => {
    const existing = (await listPortalSecrets({ actor, environmentId: o.environmentId, kind })).items.find((s) => s.name === o.name);
    const saved = existing
      ? await updatePortalSecret({ actor, secretId: existing.id, kind, input: { value: o.value } })
      : await createPortalSecret({ actor, environmentId: o.environmentId, kind, input: { name: o.name, value: o.value } });
    return { id: saved.id, name: saved.name, version: saved.version };
  });
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

export async function deletePortalSecretAction(formData: FormData) {
  const o = formToObject(formData);
  const kind = o.kind === "config" ? "config" : "secret";
  const r = await runAction((actor) => deletePortalSecret({ actor, secretId: o.id, kind }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

// ── Resources tab (issue 11 day-2): volumes, networks, images on the environment's hosts ──

export async function removeVolumeAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) =>
    removeEnvironmentVolume({ actor, environmentId: o.environmentId, name: o.name, query: o.hostId ? { hostId: o.hostId } : {} }),
  );
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

export async function pruneVolumesAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => pruneEnvironmentVolumes({ actor, environmentId: o.environmentId }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

export async function removeNetworkAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => removeEnvironmentNetwork({ actor, environmentId: o.environmentId, name: o.name }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

export async function pruneNetworksAction(formData: FormData) {
  const o = formToObject(formData);
  const r = await runAction((actor) => pruneEnvironmentNetworks({ actor, environmentId: o.environmentId }));
  if (r.ok) revalidatePath(`/environments/${String(o.environmentId)}`);
  return r;
}

/** Starts the pull job; the card follows it host by host. */
export async function pullImageAction(formData: FormData) {
  const o = formToObject(formData);
  return runAction((actor) => pullImageOnHosts({ actor, environmentId: o.environmentId, input: { image: o.image } }));
}

export async function pruneImagesAction(formData: FormData) {
  const o = formToObject(formData);
  return runAction((actor) => pruneEnvironmentImages({ actor, environmentId: o.environmentId }));
}
