// PATCH /api/v1/regions/{id} (platform admins): display name, registry address and credentials. The
// default region stays the portal's embedded registry (credentialColumns refuses a registry there).
import { recordAudit } from "@/lib/audit";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { regionDeps, type RegionDeps } from "./region-deps";
import { toRegionDto, type RegionDto } from "./region-dto";
import { credentialColumns, updateRegionInput, type UpdateRegionInput } from "./region-input";

/** The paths an update names (`displayName`, `registry.url`, `registry.username`), the password left out. */
function changedFields(data: UpdateRegionInput): string[] {
  return [
    ...(data.displayName !== undefined ? ["displayName"] : []),
    ...Object.keys(data.registry ?? {})
      .filter((k) => k !== "password")
      .map((k) => `registry.${k}`),
  ];
}

export async function updateRegion({
  actor,
  regionId,
  input,
  deps = regionDeps,
}: {
  actor: Actor;
  regionId: unknown;
  input: unknown;
  deps?: RegionDeps;
}): Promise<RegionDto> {
  authorize(actor, "region.manage");
  const rid = parseInput(id, regionId);
  const data = parseInput(updateRegionInput, input);
  return deps.db.$transaction(async (tx) => {
    const stored = await tx.region.findUnique({ where: { id: rid } });
    if (!stored) throw notFound("Region");
    const creds = credentialColumns(
      { isDefault: stored.isDefault, registryUsername: stored.registryUsername, hasPassword: !!stored.registryPasswordEnc },
      data.registry,
    );
    const r = await tx.region.update({
      where: { id: stored.id },
      data: {
        ...(data.displayName !== undefined ? { displayName: data.displayName } : {}),
        ...(data.registry?.url !== undefined ? { registryUrl: data.registry.url } : {}),
        ...(creds.registryUsername !== undefined ? { registryUsername: creds.registryUsername } : {}),
        ...(creds.registryPassword !== undefined ? { registryPasswordEnc: creds.registryPassword === null ? null : deps.seal(creds.registryPassword) } : {}),
      },
      include: { _count: { select: { environments: true } } },
    });
    await recordAudit(tx, {
      actor,
      tenantId: null,
      action: "region.update",
      targetType: "region",
      targetId: r.id,
      // what changed (field paths as sent), never the password itself
      details: {
        name: r.name,
        fields: changedFields(data),
        ...(data.registry?.password !== undefined ? { passwordChanged: true } : {}),
      },
    });
    return toRegionDto(r, actor);
  });
}
