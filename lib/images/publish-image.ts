// ─── Security invariant (T21) ─────────────────────────────────────────────────────────────────
// A publish request pins the digest the member asked for. Approval (admins only) copies exactly
// that digest into market/<name>; a later push to the source tag changes nothing in the
// marketplace until a new request for the new digest is approved.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { db } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, tenantIdsOf, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";
import { loadImage } from "./list-images";

const input = z.object({ description: z.string().trim().min(1, "Describe the image").max(2000), tenantId: z.string().max(64).optional() }).strict();

export interface PublishRequestDto {
  id: string;
  kind: "image";
  status: string;
  imageId: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  marketRepository: string | null;
  description: string;
  tenantId: string;
  requestedBy: { id: string; email: string; name: string } | null;
  decidedBy: { id: string; email: string; name: string } | null;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export async function requestPublish({
  actor,
  imageId,
  input: raw,
}: {
  actor: Actor;
  imageId: unknown;
  input: unknown;
}): Promise<{ id: string; status: string; digest: string }> {
  const img = await loadImage(actor, imageId);
  const data = parseInput(input, raw);
  let tenantId: string;
  if (img.scope === "tenant") tenantId = img.tenantId!;
  else if (img.scope === "personal" && img.ownerId === actor.userId) {
    // Personal images are published on behalf of one of the requester's tenants (whose members see the request).
    const mine = tenantIdsOf(actor);
    tenantId = data.tenantId ?? (mine.length === 1 ? mine[0] : "");
    if (!tenantId)
      throw appError("VALIDATION", "publishErrors.chooseTenant", undefined, "Choose the tenant this publication is made for.", {
        details: [problem("tenantId", "fieldErrors.required", undefined, "required")],
      });
  } else throw appError("VALIDATION", "imageErrors.notPublishable", undefined, "Only tenant and personal images can be published.");
  authorize(actor, "image.publish", { tenantId, kind: "Tenant" });
  return db.$transaction(async (tx) => {
    const dup = await tx.publishRequest.findFirst({ where: { imageId: img.id, digest: img.digest, status: { in: ["pending", "approved"] } } });
    if (dup)
      throw dup.status === "pending"
        ? appError("CONFLICT", "imageErrors.digestPending", undefined, "This digest already waits for approval.")
        : appError("CONFLICT", "imageErrors.digestPublished", undefined, "This digest is already published.");
    const pr = await tx.publishRequest.create({
      data: { kind: "image", imageId: img.id, digest: img.digest, tenantId, requestedById: actor.userId, description: data.description },
    });
    await recordAudit(tx, {
      actor,
      tenantId,
      action: "image.publish.request",
      targetType: "publish-request",
      targetId: pr.id,
      details: { repository: img.repository, tag: img.tag, digest: img.digest },
    });
    return { id: pr.id, status: pr.status, digest: img.digest };
  });
}
