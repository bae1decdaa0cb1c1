import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { REGION_REF_SELECT } from "@/lib/regions";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";
import { environmentScope, viewOf, PLATFORM_SCOPE } from "./environment-scope";

/**
 * Loads an environment inside the caller's scope; other tenants' ids are simply not found. A shared
 * environment comes as the caller's tenant view (environment-scope.ts): `tenantId` is the viewing
 * tenant, `_count.apps` counts that tenant's apps only (admins: all).
 */
export async function loadEnvironment(actor: Actor, environmentId: unknown, o: { tenantId?: string; lenient?: boolean } = {}) {
  const eid = parseInput(id, environmentId);
  const env = await db.environment.findFirst({
    where: { AND: [{ id: eid }, environmentScope(actor)] },
    include: { _count: { select: { hosts: true, apps: true } }, access: { select: { tenantId: true } }, region: { select: REGION_REF_SELECT } },
  });
  if (!env) throw notFound("Environment");
  const view = viewOf(actor, env, o);
  if (env.shared && view.tenantId !== PLATFORM_SCOPE) {
    view._count = { ...env._count, apps: await db.app.count({ where: { environmentId: env.id, tenantId: view.tenantId } }) };
  }
  return view;
}

export async function getEnvironment({
  actor,
  environmentId,
  query,
}: {
  actor: Actor;
  environmentId: unknown;
  query?: { tenantId?: string };
}): Promise<EnvironmentDto> {
  const env = await loadEnvironment(actor, environmentId, { tenantId: query?.tenantId, lenient: true });
  authorize(actor, "environment.read", { tenantId: env.tenantId === PLATFORM_SCOPE ? null : env.tenantId, kind: "Environment" });
  return toEnvironmentDto(env, actor);
}
