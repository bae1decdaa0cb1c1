// Deleting an image removes its manifest from the registry (so every tag of that digest in the
// repository goes) and the matching index rows. Who: tenant owners, the user for personal images,
// admins for official and market.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { deleteManifest } from "@/lib/registry/registry-client";
import { queueImageDelete } from "@/lib/replication";
import { loadImage } from "./list-images";

export async function deleteImage({ actor, imageId }: { actor: Actor; imageId: unknown }): Promise<void> {
  const img = await loadImage(actor, imageId);
  if (img.scope === "tenant") authorize(actor, "image.delete", { tenantId: img.tenantId, kind: "Image" });
  else if (img.scope === "personal") {
    if (img.ownerId !== actor.userId) throw notFound("Image");
  } else authorize(actor, "image.official.manage");
  await deleteManifest(img.repository, img.digest);
  // The other regions delete it too (issue 17); the registry's own notification may come first or
  // find the rows already gone, so the delete is queued here.
  await queueImageDelete(img.repository, img.digest).catch((e) =>
    console.error("[replication] queueing the delete failed:", e instanceof Error ? e.message : e),
  );
  await db.$transaction(async (tx) => {
    await tx.image.deleteMany({ where: { repository: img.repository, digest: img.digest } });
    await recordAudit(tx, {
      actor,
      tenantId: img.tenantId,
      action: "image.delete",
      targetType: "image",
      targetId: img.id,
      details: { repository: img.repository, tag: img.tag, digest: img.digest },
    });
  });
}
