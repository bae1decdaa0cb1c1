// GET /api/v1/images/{id}/regions: where one image tag is, per region (issue 17). Whoever may see the
// image (loadImage: same answer for "missing" and "not yours") sees its copies: the source region
// holds it; another region is `present` (copied at this digest), `copying` (queued or running, or
// copied at an older digest), `failed` (with the reason and the next attempt) or `missing` (not a
// region this image goes to: a personal image, or a tenant without environments there).
import { db } from "@/lib/db";
import type { StoredText } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { REGION_REF_SELECT, type RegionRef } from "@/lib/regions";
import { MAX_ATTEMPTS, parseStoredError } from "@/lib/replication";
import { loadImage } from "./list-images";

export interface ImageRegionDto {
  region: RegionRef & { isDefault: boolean };
  status: "present" | "copying" | "failed" | "missing";
  error: StoredText | null;
  attempts: number;
  nextAttemptAt: string | null;
  /** The last copy: from the event to the copy in that region, in ms. */
  lagMs: number | null;
  updatedAt: string | null;
}

export async function getImageRegions({ actor, imageId }: { actor: Actor; imageId: unknown }): Promise<{ items: ImageRegionDto[] }> {
  const image = await loadImage(actor, imageId);
  const [regions, tasks] = await Promise.all([
    db.region.findMany({ select: { ...REGION_REF_SELECT, isDefault: true }, orderBy: [{ isDefault: "desc" }, { name: "asc" }] }),
    db.replicationTask.findMany({ where: { repository: image.repository, reference: image.tag, action: "copy" } }),
  ]);
  const byTarget = new Map(tasks.map((t) => [t.targetRegionId, t]));
  const items = regions.map((region): ImageRegionDto => {
    const t = byTarget.get(region.id);
    const base = { region, error: null, attempts: 0, nextAttemptAt: null, lagMs: null, updatedAt: null };
    if (region.isDefault) return { ...base, status: "present" };
    if (!t) return { ...base, status: "missing" };
    const row = { ...base, attempts: t.attempts, lagMs: t.lagMs, updatedAt: t.updatedAt.toISOString() };
    if (t.status === "done" && t.digest === image.digest) return { ...row, status: "present" };
    if (t.status === "failed")
      return {
        ...row,
        status: "failed",
        error: parseStoredError(t.lastError),
        nextAttemptAt: t.attempts < MAX_ATTEMPTS ? t.nextAttemptAt.toISOString() : null,
      };
    return { ...row, status: "copying" };
  });
  return { items };
}
