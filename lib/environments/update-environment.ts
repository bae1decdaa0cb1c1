import { db, isUniqueViolation } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput } from "@/lib/validation";
import { readPlatformSettings } from "@/lib/settings";
import { REGION_REF_SELECT, resolveRegionId } from "@/lib/regions";
import { checkPortPool, updateEnvironmentInput } from "./environment-input";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";
import { loadEnvironment } from "./get-environment";
import { checkTenantsExist } from "./create-environment";

export async function updateEnvironment({ actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown }): Promise<EnvironmentDto> {
  const env = await loadEnvironment(actor, environmentId, { lenient: true });
  // A shared environment's owner is the platform: admins only, and never a bind allow-list there.
  if (env.shared) authorize(actor, "environment.shared.manage");
  else authorize(actor, "environment.update", { tenantId: env.ownerTenantId, kind: "Environment" });
  const data = parseInput(updateEnvironmentInput, input);
  if (env.shared && data.bindAllowList?.length) {
    throw appError("VALIDATION", "quota.errors.noBindAllowList", undefined, "Shared environments have no bind-mount allow-list.", {
      details: [problem("bindAllowList", "fieldErrors.notShared", undefined, "Not in a shared environment")],
    });
  }
  if (!env.shared && data.tenantIds !== undefined) {
    throw appError("VALIDATION", "environmentErrors.notShared", undefined, "Only a shared environment is opened to tenants.", {
      details: [problem("tenantIds", "fieldErrors.notShared", undefined, "Not a shared environment")],
    });
  }
  // The bind-mount allow-list widens what tenants can reach on their hosts: platform admins only.
  if (data.bindAllowList !== undefined) authorize(actor, "environment.policy.manage");
  if (data.portRange) checkPortPool(data.portRange, (await readPlatformSettings()).reservedPorts);
  try {
    return await db.$transaction(async (tx) => {
      if (data.portRange) {
        const outside = await tx.portLease.findFirst({
          where: { environmentId: env.id, OR: [{ port: { lt: data.portRange.from } }, { port: { gt: data.portRange.to } }] },
        });
        if (outside) {
          const lease = { port: outside.port, protocol: outside.protocol };
          throw appError(
            "CONFLICT",
            "environmentErrors.leaseOutside",
            lease,
            `Port ${outside.port}/${outside.protocol} is leased and would fall outside the new range.`,
            {
              details: [problem("portRange", "environmentErrors.portInUse", { port: outside.port }, `Port ${outside.port} is in use`)],
            },
          );
        }
      }
      // Issue 17: hosts are set up for their region's registry, so only an environment without hosts moves.
      const regionId = data.regionId === undefined ? undefined : await resolveRegionId(tx, data.regionId);
      if (regionId !== undefined && regionId !== env.regionId && env._count.hosts > 0) {
        throw appError(
          "CONFLICT",
          "regions.errors.environmentHasHosts",
          { name: env.name, hosts: env._count.hosts },
          `Environment "${env.name}" has ${env._count.hosts} host(s), which pull from its region's registry: remove them before moving it to another region.`,
          { details: [problem("regionId", "regions.validation.hasHosts", undefined, "Remove the hosts first")] },
        );
      }
      if (env.shared && data.tenantIds !== undefined) {
        if (data.tenantIds) await checkTenantsExist(tx, data.tenantIds);
        await tx.environmentAccess.deleteMany({ where: { environmentId: env.id } });
        if (data.tenantIds?.length)
          await tx.environmentAccess.createMany({ data: [...new Set(data.tenantIds)].map((tenantId) => ({ environmentId: env.id, tenantId })) });
      }
      const e = await tx.environment.update({
        where: { id: env.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(regionId !== undefined ? { regionId } : {}),
          ...(data.portRange ? { portFrom: data.portRange.from, portTo: data.portRange.to } : {}),
          ...(data.publishMode ? { publishMode: data.publishMode } : {}),
          ...(data.endpointMode ? { endpointMode: data.endpointMode } : {}),
          ...(data.defaults?.cpus !== undefined ? { defaultCpus: data.defaults.cpus } : {}),
          ...(data.defaults?.memoryMb !== undefined ? { defaultMemoryMb: data.defaults.memoryMb } : {}),
          ...(data.bindAllowList && !env.shared ? { bindAllowList: JSON.stringify(data.bindAllowList) } : {}),
          ...(env.shared && data.tenantIds !== undefined ? { allTenants: data.tenantIds === null } : {}),
        },
        include: { _count: { select: { hosts: true, apps: true } }, access: { select: { tenantId: true } }, region: { select: REGION_REF_SELECT } },
      });
      await recordAudit(tx, { actor, tenantId: e.tenantId, action: "environment.update", targetType: "environment", targetId: e.id, details: data });
      return toEnvironmentDto(e, actor);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw appError("CONFLICT", "environmentErrors.nameTaken", { name: data.name ?? "" }, `This tenant already has an environment named "${data.name}".`, {
        details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
      });
    throw e;
  }
}
