// Official images from a `docker save` tarball, pushed straight into the registry through its HTTP
// API (no engine involved): config blob as is, each layer gzip-compressed into a schema2 manifest.
// The archive is read in memory (capped) by tar-stream (T35: bounded entry count, links and devices
// skipped, never followed); only manifest.json and the regular files it names are used, looked up
// by exact name (no path is ever opened on disk). Layer tars are image content: they go to the
// registry as blobs, byte for byte, and are never extracted by the portal.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { db } from "@/lib/db";
import { appError, archiveTooLarge, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { isValidComponent, isValidTag } from "@/lib/registry/names";
import { putManifestAs, uploadBlob } from "@/lib/registry/registry-client";
import { readTarFiles } from "@/lib/containers";

export const MAX_IMPORT_BYTES = Number(process.env.CAAS_IMAGE_IMPORT_MAX_BYTES || 512 * 1024 * 1024);

const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export async function importOfficialImage({
  actor,
  name,
  tag,
  archive,
}: {
  actor: Actor;
  name: unknown;
  tag: unknown;
  archive: Buffer;
}): Promise<{ id: string; repository: string; tag: string; digest: string }> {
  authorize(actor, "image.official.manage");
  const n = String(name ?? "");
  const t = String(tag || "latest");
  if (!isValidComponent(n))
    throw appError("VALIDATION", "imageErrors.officialName", undefined, "Name: lowercase letters, digits and . _ - separators.", {
      details: [problem("name", "fieldErrors.invalid", undefined, "invalid")],
    });
  if (!isValidTag(t))
    throw appError("VALIDATION", "imageErrors.invalidTag", undefined, "Invalid tag.", {
      details: [problem("tag", "fieldErrors.invalid", undefined, "invalid")],
    });
  if (archive.length > MAX_IMPORT_BYTES) throw archiveTooLarge();
  const repository = `official/${n}`;
  const files = await readTarFiles(archive);
  let manifest: Array<{ Config?: string; Layers?: string[] }>;
  try {
    manifest = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "null");
  } catch {
    manifest = [];
  }
  const entry = Array.isArray(manifest) ? manifest[0] : undefined;
  const config = entry?.Config ? files.get(entry.Config) : undefined;
  if (!entry || !config || !Array.isArray(entry.Layers))
    throw appError("VALIDATION", "imageErrors.notDockerSave", undefined, "Not a `docker save` archive (manifest.json missing or incomplete).");
  const layers: Array<{ mediaType: string; size: number; digest: string }> = [];
  for (const path of entry.Layers) {
    const raw = files.get(path);
    if (!raw) throw appError("VALIDATION", "imageErrors.missingLayer", undefined, "The archive lacks a layer its manifest names.");
    const gz = gzipSync(raw);
    const digest = sha(gz);
    await uploadBlob(repository, gz, digest);
    layers.push({ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: gz.length, digest });
  }
  const configDigest = sha(config);
  await uploadBlob(repository, config, configDigest);
  const mediaType = "application/vnd.docker.distribution.manifest.v2+json";
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: { mediaType: "application/vnd.docker.container.image.v1+json", size: config.length, digest: configDigest },
      layers,
    }),
  );
  const digest = sha(body);
  await putManifestAs(repository, t, mediaType, body);
  const sizeBytes = BigInt(config.length + layers.reduce((a, l) => a + l.size, 0));
  return db.$transaction(async (tx) => {
    const data = { scope: "official", tenantId: null, ownerId: null, digest, sizeBytes, pushedById: actor.userId };
    const img = await tx.image.upsert({ where: { repository_tag: { repository, tag: t } }, create: { repository, tag: t, ...data }, update: data });
    await recordAudit(tx, { actor, action: "image.official.import", targetType: "image", targetId: img.id, details: { repository, tag: t, digest } });
    return { id: img.id, repository, tag: t, digest };
  });
}
