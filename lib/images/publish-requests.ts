// Reading publish requests: admins see the whole queue and its history; members see their
// tenants' requests and their own. Details (layers, history) come from the registry.
import { db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { tenantScope, type Actor } from "@/lib/policy";
import { getBlobJson, getManifest } from "@/lib/registry/registry-client";
import { marketRepository, parseRepository, shortName } from "@/lib/registry/names";
import type { PublishRequestDto } from "./publish-image";

type Row = Awaited<ReturnType<typeof db.publishRequest.findMany>>[number];

async function toPublishDtos(rows: Row[]): Promise<PublishRequestDto[]> {
  const imageIds = rows.map((r) => r.imageId).filter((x): x is string => !!x);
  const userIds = rows.flatMap((r) => [r.requestedById, r.decidedById]).filter((x): x is string => !!x);
  const [images, users] = await Promise.all([
    db.image.findMany({ where: { id: { in: imageIds } } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } }),
  ]);
  const img = new Map(images.map((i) => [i.id, i]));
  const usr = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const i = r.imageId ? img.get(r.imageId) : undefined;
    return {
      id: r.id,
      kind: "image" as const,
      status: r.status,
      imageId: r.imageId,
      repository: i?.repository ?? null,
      tag: i?.tag ?? null,
      digest: r.digest,
      marketRepository: i ? marketRepository(shortName(i.repository)) : null,
      description: r.description,
      tenantId: r.tenantId,
      requestedBy: usr.get(r.requestedById) ?? null,
      decidedBy: (r.decidedById && usr.get(r.decidedById)) || null,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
    };
  });
}

export async function listPublishRequests({ actor, status }: { actor: Actor; status?: unknown }): Promise<PublishRequestDto[]> {
  if (status !== undefined && !["pending", "approved", "rejected"].includes(String(status)))
    throw appError("VALIDATION", "publishErrors.status", undefined, "status is pending, approved or rejected.");
  const rows = await db.publishRequest.findMany({
    where: {
      AND: [
        { kind: "image" },
        status ? { status: String(status) } : {},
        actor.platformAdmin ? {} : { OR: [tenantScope(actor), { requestedById: actor.userId }] },
      ],
    },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return toPublishDtos(rows);
}

export interface PublishDetails extends PublishRequestDto {
  sizeBytes: number;
  layers: Array<{ digest: string; size: number }>;
  history: Array<{ created?: string; createdBy?: string; comment?: string; emptyLayer?: boolean }>;
  author?: string;
}

export async function getPublishRequest({ actor, requestId }: { actor: Actor; requestId: unknown }): Promise<PublishDetails> {
  if (typeof requestId !== "string" || requestId.length > 64) throw notFound("Publish request");
  const row = await db.publishRequest.findFirst({
    where: { AND: [{ id: requestId }, actor.platformAdmin ? {} : { OR: [tenantScope(actor), { requestedById: actor.userId }] }] },
  });
  if (!row) throw notFound("Publish request");
  const [dto] = await toPublishDtos([row]);
  const out: PublishDetails = { ...dto, sizeBytes: 0, layers: [], history: [] };
  if (dto.repository && row.digest && parseRepository(dto.repository)) {
    const m = await getManifest(dto.repository, row.digest).catch(() => null);
    let leaf = m;
    if (m?.manifest.manifests?.[0]) leaf = await getManifest(dto.repository, m.manifest.manifests[0].digest).catch(() => null);
    if (leaf?.manifest.layers) {
      out.layers = leaf.manifest.layers.map((l) => ({ digest: l.digest, size: l.size }));
      out.sizeBytes = out.layers.reduce((a, l) => a + l.size, 0) + (leaf.manifest.config?.size ?? 0);
      const cfg = leaf.manifest.config
        ? await getBlobJson<{ author?: string; history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }> }>(
            dto.repository,
            leaf.manifest.config.digest,
          ).catch(() => null)
        : null;
      out.author = cfg?.author;
      out.history = (cfg?.history ?? []).map((h) => ({
        created: h.created,
        createdBy: h.created_by?.slice(0, 500),
        comment: h.comment,
        emptyLayer: h.empty_layer,
      }));
    }
  }
  return out;
}
