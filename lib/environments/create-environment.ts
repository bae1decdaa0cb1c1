import { db, isUniqueViolation, type Tx } from "@/lib/db";
import { appError, notFound, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, type z } from "@/lib/validation";
import { withLock } from "@/lib/jobs/keyed-mutex";
import { readPlatformSettings } from "@/lib/settings";
import { REGION_REF_SELECT, resolveRegionId } from "@/lib/regions";
import { checkPortPool, createEnvironmentInput, createSharedEnvironmentInput, DEFAULT_PORT_POOL } from "./environment-input";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";

type Fields = z.infer<typeof createEnvironmentInput> | z.infer<typeof createSharedEnvironmentInput>;

const columns = (data: Fields) => ({
  name: data.name,
  description: data.description ?? "",
  ...(data.portRange ? { portFrom: data.portRange.from, portTo: data.portRange.to } : {}),
  ...(data.publishMode ? { publishMode: data.publishMode } : {}),
  ...(data.endpointMode ? { endpointMode: data.endpointMode } : {}),
  ...(data.defaults?.cpus !== undefined ? { defaultCpus: data.defaults.cpus } : {}),
  ...(data.defaults?.memoryMb !== undefined ? { defaultMemoryMb: data.defaults.memoryMb } : {}),
});

const nameTaken = (name: string) =>
  appError("CONFLICT", "environmentErrors.nameTaken", { name }, `This tenant already has an environment named "${name}".`, {
    details: [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
  });

/** The tenants named for a shared environment must exist (all of them, or nothing is created). */
export async function checkTenantsExist(tx: Tx, tenantIds: string[]): Promise<void> {
  const found = await tx.tenant.count({ where: { id: { in: tenantIds } } });
  if (found !== new Set(tenantIds).size)
    throw appError("VALIDATION", "environmentErrors.unknownTenant", undefined, "Unknown tenant in tenantIds.", {
      details: [problem("tenantIds", "fieldErrors.unknownTenant", undefined, "Unknown tenant")],
    });
}

async function createShared(actor: Actor, data: z.infer<typeof createSharedEnvironmentInput>): Promise<EnvironmentDto> {
  authorize(actor, "environment.shared.manage");
  // Names of shared environments are unique among themselves (NULL tenantIds do not collide in the index).
  return withLock("environments:shared", () =>
    db.$transaction(async (tx) => {
      if (await tx.environment.findFirst({ where: { shared: true, name: data.name } })) throw nameTaken(data.name);
      if (data.tenantIds) await checkTenantsExist(tx, data.tenantIds);
      const regionId = await resolveRegionId(tx, data.regionId);
      const e = await tx.environment.create({
        data: {
          ...columns(data),
          regionId,
          tenantId: null,
          shared: true,
          allTenants: data.tenantIds === undefined,
          access: data.tenantIds ? { create: [...new Set(data.tenantIds)].map((tenantId) => ({ tenantId })) } : undefined,
        },
        include: { access: { select: { tenantId: true } }, region: { select: REGION_REF_SELECT } },
      });
      await recordAudit(tx, {
        actor,
        tenantId: null,
        action: "environment.create",
        targetType: "environment",
        targetId: e.id,
        details: { name: e.name, shared: true },
      });
      return toEnvironmentDto(e, actor);
    }),
  );
}

export async function createEnvironment({ actor, input }: { actor: Actor; input: unknown }): Promise<EnvironmentDto> {
  const isShared = typeof input === "object" && input !== null && (input as { shared?: unknown }).shared !== undefined;
  const data = isShared ? parseInput(createSharedEnvironmentInput, input) : parseInput(createEnvironmentInput, input);
  if ("shared" in data) authorize(actor, "environment.shared.manage");
  else authorize(actor, "environment.create", { tenantId: data.tenantId, kind: "Tenant" });
  // the default pool too: an admin may have reserved a port inside it
  checkPortPool(data.portRange ?? DEFAULT_PORT_POOL, (await readPlatformSettings()).reservedPorts);
  if ("shared" in data) return createShared(actor, data);
  try {
    return await db.$transaction(async (tx) => {
      if (!(await tx.tenant.findUnique({ where: { id: data.tenantId } }))) throw notFound("Tenant");
      const regionId = await resolveRegionId(tx, data.regionId);
      const e = await tx.environment.create({
        data: { ...columns(data), tenantId: data.tenantId, regionId },
        include: { region: { select: REGION_REF_SELECT } },
      });
      await recordAudit(tx, {
        actor,
        tenantId: e.tenantId,
        action: "environment.create",
        targetType: "environment",
        targetId: e.id,
        details: { name: e.name },
      });
      return toEnvironmentDto(e, actor);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(data.name);
    throw e;
  }
}
