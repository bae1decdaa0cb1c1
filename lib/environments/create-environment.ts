import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput } from "@/lib/validation";
import { readPlatformSettings } from "@/lib/settings";
import { checkPortPool, createEnvironmentInput, DEFAULT_PORT_POOL } from "./environment-input";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";

export async function createEnvironment({ actor, input }: { actor: Actor; input: unknown }): Promise<EnvironmentDto> {
  const data = parseInput(createEnvironmentInput, input);
  authorize(actor, "environment.create", { tenantId: data.tenantId, kind: "Tenant" });
  // the default pool too: an admin may have reserved a port inside it
  checkPortPool(data.portRange ?? DEFAULT_PORT_POOL, (await readPlatformSettings()).reservedPorts);
  try {
    return await db.$transaction(async (tx) => {
      if (!(await tx.tenant.findUnique({ where: { id: data.tenantId } }))) throw new AppError("NOT_FOUND", "Tenant not found");
      const e = await tx.environment.create({
        data: {
          tenantId: data.tenantId,
          name: data.name,
          description: data.description ?? "",
          ...(data.portRange ? { portFrom: data.portRange.from, portTo: data.portRange.to } : {}),
          ...(data.publishMode ? { publishMode: data.publishMode } : {}),
          ...(data.endpointMode ? { endpointMode: data.endpointMode } : {}),
          ...(data.defaults?.cpus !== undefined ? { defaultCpus: data.defaults.cpus } : {}),
          ...(data.defaults?.memoryMb !== undefined ? { defaultMemoryMb: data.defaults.memoryMb } : {}),
        },
      });
      await recordAudit(tx, {
        actor,
        tenantId: e.tenantId,
        action: "environment.create",
        targetType: "environment",
        targetId: e.id,
        details: { name: e.name },
      });
      return toEnvironmentDto(e);
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", `This tenant already has an environment named "${data.name}".`, [{ path: "name", message: "Already taken" }]);
    throw e;
  }
}
