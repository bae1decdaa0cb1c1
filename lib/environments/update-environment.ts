import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput } from "@/lib/validation";
import { readPlatformSettings } from "@/lib/settings";
import { checkPortPool, updateEnvironmentInput } from "./environment-input";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";
import { loadEnvironment } from "./get-environment";

export async function updateEnvironment({ actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown }): Promise<EnvironmentDto> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "environment.update", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(updateEnvironmentInput, input);
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
          throw new AppError("CONFLICT", `Port ${outside.port}/${outside.protocol} is leased and would fall outside the new range.`, [
            { path: "portRange", message: `Port ${outside.port} is in use` },
          ]);
        }
      }
      const e = await tx.environment.update({
        where: { id: env.id },
        data: {
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.description !== undefined ? { description: data.description } : {}),
          ...(data.portRange ? { portFrom: data.portRange.from, portTo: data.portRange.to } : {}),
          ...(data.publishMode ? { publishMode: data.publishMode } : {}),
          ...(data.endpointMode ? { endpointMode: data.endpointMode } : {}),
          ...(data.defaults?.cpus !== undefined ? { defaultCpus: data.defaults.cpus } : {}),
          ...(data.defaults?.memoryMb !== undefined ? { defaultMemoryMb: data.defaults.memoryMb } : {}),
          ...(data.bindAllowList ? { bindAllowList: JSON.stringify(data.bindAllowList) } : {}),
        },
        include: { _count: { select: { hosts: true, apps: true } } },
      });
      await recordAudit(tx, { actor, tenantId: e.tenantId, action: "environment.update", targetType: "environment", targetId: e.id, details: data });
      return toEnvironmentDto(e);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", `This tenant already has an environment named "${data.name}".`, [{ path: "name", message: "Already taken" }]);
    throw e;
  }
}
