// POST /api/v1/regions (platform admins): a region with its own registry. The password is sealed
// before it is stored and appears in no answer and no audit detail.
import { recordAudit } from "@/lib/audit";
import { isUniqueViolation } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { parseInput } from "@/lib/validation";
import { regionDeps, type RegionDeps } from "./region-deps";
import { toRegionDto, type RegionDto } from "./region-dto";
import { createRegionInput, credentialColumns } from "./region-input";

export const regionNameTaken = (name: string) =>
  appError("CONFLICT", "regions.errors.nameTaken", { name }, `A region named "${name}" already exists.`, {
    details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
  });

export async function createRegion({ actor, input, deps = regionDeps }: { actor: Actor; input: unknown; deps?: RegionDeps }): Promise<RegionDto> {
  authorize(actor, "region.manage");
  const data = parseInput(createRegionInput, input);
  const creds = credentialColumns({ isDefault: false, registryUsername: null, hasPassword: false }, data.registry);
  try {
    return await deps.db.$transaction(async (tx) => {
      const r = await tx.region.create({
        data: {
          name: data.name,
          displayName: data.displayName,
          registryUrl: data.registry.url,
          registryUsername: creds.registryUsername ?? null,
          registryPasswordEnc: creds.registryPassword ? deps.seal(creds.registryPassword) : null,
        },
      });
      await recordAudit(tx, {
        actor,
        tenantId: null,
        action: "region.create",
        targetType: "region",
        targetId: r.id,
        details: { name: r.name, registry: { url: r.registryUrl, hasPassword: !!r.registryPasswordEnc } },
      });
      return toRegionDto({ ...r, _count: { environments: 0 } }, actor);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw regionNameTaken(data.name);
    throw e;
  }
}
