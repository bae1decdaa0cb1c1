// DELETE /api/v1/regions/{id} (platform admins). Refused for the default region (new environments go
// there) and for a region environments still use (the foreign key refuses it too: a race with an
// environment created meanwhile ends as the same CONFLICT).
import { recordAudit } from "@/lib/audit";
import { Prisma } from "@/lib/db";
import { appError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { regionDeps, type RegionDeps } from "./region-deps";

const inUse = (name: string, count: number) =>
  appError(
    "CONFLICT",
    "regions.errors.inUse",
    { name, count },
    `Region "${name}" is used by ${count} environment(s): move them to another region or delete them, then delete the region.`,
  );

export async function deleteRegion({ actor, regionId, deps = regionDeps }: { actor: Actor; regionId: unknown; deps?: RegionDeps }): Promise<void> {
  authorize(actor, "region.manage");
  const rid = parseInput(id, regionId);
  const r = await deps.db.region.findUnique({ where: { id: rid }, include: { _count: { select: { environments: true } } } });
  if (!r) throw notFound("Region");
  if (r.isDefault)
    throw appError(
      "CONFLICT",
      "regions.errors.deleteDefault",
      { name: r.name },
      `Region "${r.name}" is the default region (the portal's embedded registry, where environments go when no region is named): it cannot be deleted.`,
    );
  if (r._count.environments > 0) throw inUse(r.name, r._count.environments);
  try {
    await deps.db.$transaction(async (tx) => {
      await tx.region.delete({ where: { id: r.id } });
      await recordAudit(tx, { actor, tenantId: null, action: "region.delete", targetType: "region", targetId: r.id, details: { name: r.name } });
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2003")
      throw inUse(r.name, await deps.db.environment.count({ where: { regionId: r.id } }));
    throw e;
  }
}
