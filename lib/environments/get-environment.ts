import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";

/** Loads an environment inside the caller's tenant scope; other tenants' ids are simply not found. */
export async function loadEnvironment(actor: Actor, environmentId: unknown) {
  const eid = parseInput(id, environmentId);
  const env = await db.environment.findFirst({
    where: { AND: [{ id: eid }, tenantScope(actor)] },
    include: { _count: { select: { hosts: true, apps: true } } },
  });
  if (!env) throw notFound("Environment");
  return env;
}

export async function getEnvironment({ actor, environmentId }: { actor: Actor; environmentId: unknown }): Promise<EnvironmentDto> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "environment.read", { tenantId: env.tenantId, kind: "Environment" });
  return toEnvironmentDto(env);
}
