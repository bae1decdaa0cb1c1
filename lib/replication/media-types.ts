// Manifest media types of the Registry HTTP API v2 (Docker schema 2 and OCI), and what a manifest
// refers to: child manifests (an index / manifest list) or blobs (config and layers of an image).
// Pure functions, unit-tested without a registry.
import { appError } from "@/lib/errors";

export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

/** What a replicating client accepts: every kind it can copy, never schema 1 (converted on the fly
 * by some registries, which would change the digest). */
export const ACCEPTED_MANIFEST_TYPES = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST] as const;

export type ManifestKind = "index" | "image";

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  urls?: string[];
  platform?: { architecture?: string; os?: string; variant?: string };
}

export interface ParsedManifest {
  kind: ManifestKind;
  mediaType: string;
  /** Child manifests of an index (empty for an image). */
  manifests: Descriptor[];
  /** Blobs of an image: config first, then layers (empty for an index). */
  blobs: Descriptor[];
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isDigest(reference: string): boolean {
  return DIGEST.test(reference);
}

/** The kind of a media type, or null when it is not one this client copies. */
export function kindOf(mediaType: string): ManifestKind | null {
  const t = mediaType.split(";")[0].trim().toLowerCase();
  if (t === OCI_INDEX || t === DOCKER_MANIFEST_LIST) return "index";
  if (t === OCI_MANIFEST || t === DOCKER_MANIFEST) return "image";
  return null;
}

function descriptor(d: unknown): d is Descriptor {
  if (typeof d !== "object" || d === null) return false;
  const r = d as Record<string, unknown>;
  return typeof r.digest === "string" && DIGEST.test(r.digest) && typeof r.size === "number" && Number.isInteger(r.size) && r.size >= 0;
}

function unsupported(mediaType: string) {
  return appError(
    "VALIDATION",
    "replication.unsupportedManifest",
    { mediaType: mediaType || "?" },
    `The manifest type ${mediaType || "?"} cannot be replicated.`,
  );
}

/**
 * Reads a manifest as the registry served it. The media type is the `mediaType` field when present
 * (Docker schema 2 always has it; OCI may omit it), else the Content-Type the registry answered,
 * else guessed from the shape (an OCI index without `mediaType` has `manifests`). The two must agree
 * when both are there: a registry that answers another type than the document says is not trusted.
 */
export function parseManifest(raw: Uint8Array, contentType: string | null): ParsedManifest {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(Buffer.from(raw).toString("utf8")) as Record<string, unknown>;
  } catch (e) {
    throw appError("VALIDATION", "replication.badManifest", undefined, "The registry answered a manifest that is not valid JSON.", { cause: e });
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw appError("VALIDATION", "replication.badManifest", undefined, "The registry answered a manifest that is not valid JSON.");
  if (doc.schemaVersion !== 2) throw unsupported(`schemaVersion ${String(doc.schemaVersion)}`);
  const header = contentType ? contentType.split(";")[0].trim().toLowerCase() : "";
  const field = typeof doc.mediaType === "string" ? doc.mediaType : "";
  let mediaType = field || (kindOf(header) ? header : "");
  if (!mediaType) mediaType = Array.isArray(doc.manifests) ? OCI_INDEX : doc.config ? OCI_MANIFEST : "";
  const kind = kindOf(mediaType);
  if (!kind) throw unsupported(mediaType);
  if (field && kindOf(header) && header !== field.toLowerCase()) throw unsupported(`${field} / ${header}`);
  if (kind === "index") {
    const children = doc.manifests;
    if (!Array.isArray(children) || !children.every(descriptor))
      throw appError("VALIDATION", "replication.badManifest", undefined, "The registry answered a manifest that is not valid JSON.");
    return { kind, mediaType, manifests: children, blobs: [] };
  }
  const config = doc.config;
  const layers = doc.layers ?? [];
  if (!descriptor(config) || !Array.isArray(layers) || !layers.every(descriptor))
    throw appError("VALIDATION", "replication.badManifest", undefined, "The registry answered a manifest that is not valid JSON.");
  return { kind, mediaType, manifests: [], blobs: uniqueBlobs([config, ...layers]) };
}

/** Blobs to copy, each digest once (an image may list the same layer twice); foreign layers with
 * `urls` (Windows base layers) are fetched by the engine from their URLs and are not in a registry. */
export function uniqueBlobs(blobs: Descriptor[]): Descriptor[] {
  const seen = new Set<string>();
  return blobs.filter((b) => {
    if (b.urls && b.urls.length > 0) return false;
    if (seen.has(b.digest)) return false;
    seen.add(b.digest);
    return true;
  });
}
