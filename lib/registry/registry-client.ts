// The portal's own calls to the registry HTTP API (manifests, cross-repository blob mounts,
// deletes), each with a portal-internal token minted for exactly the repositories it touches.
// That token is never sent anywhere but the registry.
import { appError } from "@/lib/errors";
import { grantAccess } from "./access";
import { signRegistryToken } from "./sign-token";
import { internalRegistryUrl } from "./settings";

export const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
];

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
}

export interface Manifest {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  raw: Buffer;
  manifest: Manifest;
}

async function portalToken(scopes: Array<{ repository: string; actions: string[] }>): Promise<string> {
  const access = grantAccess(
    { kind: "portal" },
    scopes.map((s) => ({ type: "repository", name: s.repository, actions: s.actions })),
  );
  return (await signRegistryToken("caas-portal", access)).token;
}

async function call(path: string, init: RequestInit & { token: string }): Promise<Response> {
  try {
    return await fetch(`${internalRegistryUrl()}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${init.token}` },
      signal: AbortSignal.timeout(60_000),
      redirect: "manual",
    });
  } catch (e) {
    throw appError("CONFLICT", "registryErrors.noAnswer", undefined, "The image registry does not answer.", { cause: e });
  }
}

export async function getManifest(repository: string, reference: string): Promise<FetchedManifest | null> {
  const token = await portalToken([{ repository, actions: ["pull"] }]);
  const r = await call(`/v2/${repository}/manifests/${reference}`, { method: "GET", token, headers: { accept: MANIFEST_TYPES.join(", ") } });
  if (r.status === 404) return null;
  if (!r.ok)
    throw appError("CONFLICT", "registryErrors.readRefused", { repository, status: r.status }, `The registry refused to read ${repository} (${r.status}).`);
  const raw = Buffer.from(await r.arrayBuffer());
  const manifest = JSON.parse(raw.toString("utf8")) as Manifest;
  return {
    digest: r.headers.get("docker-content-digest") ?? "",
    mediaType: r.headers.get("content-type") ?? manifest.mediaType ?? MANIFEST_TYPES[0],
    raw,
    manifest,
  };
}

export async function getBlobJson<T>(repository: string, digest: string): Promise<T | null> {
  const token = await portalToken([{ repository, actions: ["pull"] }]);
  let r = await call(`/v2/${repository}/blobs/${digest}`, { method: "GET", token });
  // Filesystem storage answers blobs directly; other drivers redirect (followed without our token).
  if (r.status === 307 || r.status === 302) r = await fetch(r.headers.get("location")!, { signal: AbortSignal.timeout(60_000) });
  if (!r.ok) return null;
  return (await r.json()) as T;
}

/** Cross-repository mount of one blob: no bytes move, the registry links the existing blob. */
async function mountBlob(from: string, to: string, digest: string, token: string): Promise<void> {
  const r = await call(`/v2/${to}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`, { method: "POST", token });
  if (r.status === 201) return;
  if (r.status === 202) {
    // The registry opened an upload instead of mounting: cancel it and refuse.
    const loc = r.headers.get("location");
    if (loc) await fetch(new URL(loc, internalRegistryUrl()), { method: "DELETE", headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  }
  throw appError("CONFLICT", "registryErrors.copyLayer", { status: r.status }, `The registry could not copy layer ${digest.slice(0, 19)} (${r.status}).`);
}

async function putManifest(repository: string, reference: string, m: FetchedManifest, token: string): Promise<string> {
  const r = await call(`/v2/${repository}/manifests/${reference}`, {
    method: "PUT",
    token,
    headers: { "content-type": m.mediaType },
    body: new Uint8Array(m.raw),
  });
  if (r.status !== 201)
    throw appError("CONFLICT", "registryErrors.manifestRefused", { status: r.status }, `The registry refused the manifest for ${repository} (${r.status}).`);
  return r.headers.get("docker-content-digest") ?? "";
}

/** Copies exactly `digest` of `from` into `to` (blobs mounted, manifests put by digest, then tagged). */
export async function copyByDigest(from: string, digest: string, to: string, tag: string): Promise<{ digest: string; sizeBytes: number }> {
  const token = await portalToken([
    { repository: from, actions: ["pull"] },
    { repository: to, actions: ["pull", "push"] },
  ]);
  let total = 0;
  const copyOne = async (ref: string): Promise<FetchedManifest> => {
    const m = await getManifest(from, ref);
    if (!m) throw appError("NOT_FOUND", "registryErrors.imageGone", undefined, "The image to publish is no longer in the registry.");
    if (m.digest !== ref) throw appError("CONFLICT", "registryErrors.digestMismatch", undefined, "The registry answered a different digest than requested.");
    for (const child of m.manifest.manifests ?? []) await copyOne(child.digest);
    for (const blob of [...(m.manifest.config ? [m.manifest.config] : []), ...(m.manifest.layers ?? [])]) {
      await mountBlob(from, to, blob.digest, token);
      total += blob.size;
    }
    const put = await putManifest(to, ref, m, token);
    if (put && put !== ref) throw appError("CONFLICT", "registryErrors.digestMismatch", undefined, "The copied manifest has a different digest.");
    return m;
  };
  const top = await copyOne(digest);
  await putManifest(to, tag, top, token);
  return { digest, sizeBytes: total };
}

export async function deleteManifest(repository: string, digest: string): Promise<void> {
  const token = await portalToken([{ repository, actions: ["delete"] }]);
  const r = await call(`/v2/${repository}/manifests/${digest}`, { method: "DELETE", token });
  if (r.status !== 202 && r.status !== 404)
    throw appError("CONFLICT", "registryErrors.deleteRefused", { status: r.status }, `The registry refused to delete the image (${r.status}).`);
}

/** Total size (config + layers; for an index the first manifest's) of a manifest. */
export async function imageSize(repository: string, m: FetchedManifest): Promise<number> {
  if (m.manifest.layers) return (m.manifest.config?.size ?? 0) + m.manifest.layers.reduce((a, l) => a + l.size, 0);
  const first = m.manifest.manifests?.[0];
  if (!first) return 0;
  const child = await getManifest(repository, first.digest);
  return child?.manifest.layers ? (child.manifest.config?.size ?? 0) + child.manifest.layers.reduce((a, l) => a + l.size, 0) : 0;
}

/** Monolithic upload of one blob (official image import); a blob that exists is not sent again. */
export async function uploadBlob(repository: string, bytes: Buffer, digest: string): Promise<void> {
  const token = await portalToken([{ repository, actions: ["pull", "push"] }]);
  const head = await call(`/v2/${repository}/blobs/${digest}`, { method: "HEAD", token });
  if (head.status === 200) return;
  const start = await call(`/v2/${repository}/blobs/uploads/`, { method: "POST", token });
  const loc = start.headers.get("location");
  if (start.status !== 202 || !loc)
    throw appError("CONFLICT", "registryErrors.uploadRefused", { status: start.status }, `The registry refused an upload (${start.status}).`);
  const url = new URL(loc, internalRegistryUrl());
  url.searchParams.set("digest", digest);
  const put = await call(url.pathname + url.search, {
    method: "PUT",
    token,
    headers: { "content-type": "application/octet-stream" },
    body: new Uint8Array(bytes),
  });
  if (put.status !== 201) throw appError("CONFLICT", "registryErrors.uploadRefused", { status: put.status }, `The registry refused a layer (${put.status}).`);
}

export async function putManifestAs(repository: string, tag: string, mediaType: string, raw: Buffer): Promise<string> {
  const token = await portalToken([{ repository, actions: ["pull", "push"] }]);
  const r = await call(`/v2/${repository}/manifests/${tag}`, { method: "PUT", token, headers: { "content-type": mediaType }, body: new Uint8Array(raw) });
  if (r.status !== 201) throw appError("CONFLICT", "registryErrors.manifestRefused", { status: r.status }, `The registry refused the manifest (${r.status}).`);
  return r.headers.get("docker-content-digest") ?? "";
}
