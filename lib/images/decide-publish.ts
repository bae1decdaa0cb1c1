// Approve or reject a publish request (platform admins only, T21). Approval copies the pinned
// digest into market/<name> through the registry API (blob mounts + manifest PUT by digest) with
// a portal-internal token, then records the market image; the requester sees it in the audit log.
import { db } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { copyByDigest } from "@/lib/registry/registry-client";
import { marketRepository, shortName } from "@/lib/registry/names";
import { queueMarketCopy } from "@/lib/replication";

async function pending(requestId: unknown) {
  if (typeof requestId !== "string" || requestId.length > 64) throw notFound("Publish request");
  const pr = await db.publishRequest.findUnique({ where: { id: requestId } });
  if (!pr || pr.kind !== "image") throw notFound("Publish request");
  if (pr.status !== "pending")
    throw appError("CONFLICT", "publishErrors.alreadyDecided", { status: `@states.${pr.status}` }, `This request is already ${pr.status}.`);
  return pr;
}

export async function approvePublish({
  actor,
  requestId,
}: {
  actor: Actor;
  requestId: unknown;
}): Promise<{ id: string; status: string; repository: string; digest: string }> {
  authorize(actor, "image.publish.approve");
  const pr = await pending(requestId);
  const src = pr.imageId ? await db.image.findUnique({ where: { id: pr.imageId } }) : null;
  if (!src || !pr.digest) throw appError("CONFLICT", "imageErrors.sourceDeleted", undefined, "The source image was deleted; the request cannot be approved.");
  const target = marketRepository(shortName(src.repository));
  const existing = await db.image.findMany({ where: { repository: target }, select: { tenantId: true, ownerId: true } });
  if (existing.some((e) => e.tenantId !== src.tenantId || e.ownerId !== src.ownerId))
    throw appError("CONFLICT", "imageErrors.publishedByOther", { repository: target }, `${target} is published by someone else; rename the source image.`);
  // Exactly the pinned digest, whatever the source tag points at now (T21).
  const copied = await copyByDigest(src.repository, pr.digest, target, src.tag);
  const approved = await db.$transaction(async (tx) => {
    const done = await tx.publishRequest.updateMany({
      where: { id: pr.id, status: "pending" },
      data: { status: "approved", decidedById: actor.userId, decidedAt: new Date() },
    });
    if (done.count === 0) throw appError("CONFLICT", "publishErrors.decidedMeanwhile", undefined, "This request was decided meanwhile.");
    const data = {
      scope: "market",
      tenantId: src.tenantId,
      ownerId: src.ownerId,
      digest: pr.digest!,
      sizeBytes: BigInt(copied.sizeBytes),
      pushedById: pr.requestedById,
      description: pr.description,
    };
    const img = await tx.image.upsert({
      where: { repository_tag: { repository: target, tag: src.tag } },
      create: { repository: target, tag: src.tag, ...data },
      update: data,
    });
    await recordAudit(tx, {
      actor,
      tenantId: pr.tenantId,
      action: "image.publish.approve",
      targetType: "publish-request",
      targetId: pr.id,
      details: { source: src.repository, repository: target, tag: src.tag, digest: pr.digest, marketImageId: img.id, requestedById: pr.requestedById },
    });
    return { id: pr.id, status: "approved", repository: target, digest: pr.digest! };
  });
  // Every other region gets the market tag (issue 17); the periodic comparison repairs a lost queue row.
  await queueMarketCopy(target, src.tag, pr.digest).catch((e) =>
    console.error("[replication] queueing the market copy failed:", e instanceof Error ? e.message : e),
  );
  return approved;
}

const rejectInput = z.object({ reason: z.string().trim().min(1, "Give a reason").max(1000) }).strict();

export async function rejectPublish({
  actor,
  requestId,
  input,
}: {
  actor: Actor;
  requestId: unknown;
  input: unknown;
}): Promise<{ id: string; status: string }> {
  authorize(actor, "image.publish.approve");
  const { reason } = parseInput(rejectInput, input);
  const pr = await pending(requestId);
  return db.$transaction(async (tx) => {
    const done = await tx.publishRequest.updateMany({
      where: { id: pr.id, status: "pending" },
      data: { status: "rejected", reason, decidedById: actor.userId, decidedAt: new Date() },
    });
    if (done.count === 0) throw appError("CONFLICT", "publishErrors.decidedMeanwhile", undefined, "This request was decided meanwhile.");
    await recordAudit(tx, {
      actor,
      tenantId: pr.tenantId,
      action: "image.publish.reject",
      targetType: "publish-request",
      targetId: pr.id,
      details: { reason, digest: pr.digest, requestedById: pr.requestedById },
    });
    return { id: pr.id, status: "rejected" };
  });
}
