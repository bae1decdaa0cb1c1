// GET /api/v1/regions and /regions/{id}: every signed-in user may see which regions exist (their
// names pick an environment's region); the registry details are in the answer for admins only
// (toRegionDto). Regions hold no tenant data.
import type { Db } from "@/lib/db";
import { appError, notFound, problem } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { id, pageArgs, pageQuery, parseInput, toPage } from "@/lib/validation";
import { regionDeps, type RegionDeps } from "./region-deps";
import { toRegionDto, type RegionDto } from "./region-dto";
import { registryPullAddress } from "./region-input";

const ORDER = [{ isDefault: "desc" as const }, { name: "asc" as const }, { id: "asc" as const }];

export async function listRegions({ actor, query, deps = regionDeps }: { actor: Actor; query?: unknown; deps?: RegionDeps }) {
  const q = parseInput(pageQuery, query ?? {});
  // the counts go into admins' answers only (toRegionDto)
  const rows = await deps.db.region.findMany({
    include: { _count: { select: { environments: true } } },
    orderBy: ORDER,
    ...pageArgs(q),
  });
  const page = toPage(rows, q);
  return { items: page.items.map((r) => toRegionDto(r, actor)), nextCursor: page.nextCursor };
}

export async function getRegion({ actor, regionId, deps = regionDeps }: { actor: Actor; regionId: unknown; deps?: RegionDeps }): Promise<RegionDto> {
  const rid = parseInput(id, regionId);
  const r = await deps.db.region.findUnique({ where: { id: rid }, include: { _count: { select: { environments: true } } } });
  if (!r) throw notFound("Region");
  return toRegionDto(r, actor);
}

/**
 * The region an environment is created in or moved to: the named one, or the default region when
 * none is named. An unknown id is a VALIDATION error naming `regionId` (regions are no secret).
 */
export async function resolveRegionId(tx: Db, regionId: string | undefined): Promise<string> {
  const r = regionId
    ? await tx.region.findUnique({ where: { id: regionId }, select: { id: true } })
    : await tx.region.findFirst({ where: { isDefault: true }, select: { id: true } });
  if (r) return r.id;
  if (!regionId)
    throw appError("INTERNAL", "regions.errors.noDefault", undefined, "There is no default region: apply the database migrations (npm start does).");
  throw appError("VALIDATION", "validation.check", undefined, "Check these fields: regionId.", {
    details: [problem("regionId", "regions.validation.unknownRegion", undefined, "No such region.")],
    paths: ["regionId"],
  });
}

export interface RegionPullAddress {
  name: string;
  displayName: string;
  isDefault: boolean;
  /** host[:port] the hosts of this region pull portal images from. */
  pullAddress: string;
}

/** Per region, the address its hosts pull from: the embedded registry's for the default region (and
 * any region without a registry of its own), the host:port of its registry URL for the others. */
export async function regionPullAddresses(db: Db, embeddedPullAddress: string): Promise<RegionPullAddress[]> {
  const rows = await db.region.findMany({ select: { name: true, displayName: true, isDefault: true, registryUrl: true }, orderBy: ORDER });
  return rows.map((r) => ({
    name: r.name,
    displayName: r.displayName,
    isDefault: r.isDefault,
    pullAddress: r.registryUrl ? registryPullAddress(r.registryUrl) : embeddedPullAddress,
  }));
}
