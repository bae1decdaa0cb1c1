// GET/PUT/DELETE /api/v1/environments/{id}/logging: where the services of an environment send
// their logs. Platform admins set it (a tenant cannot redirect or silence what the platform
// collects, in a shared environment least of all); the environment's members may read it. It
// applies to every service from its next deploy on (the spec builder replaces the compose file's
// own `logging:` with it).
import { recordAudit } from "@/lib/audit";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { engineLogDriver, parseLoggingTarget, toLoggingTargetDto, type LoggingTargetDto, type ServiceLogDriver } from "./logging-target";

async function loadEnvironment(actor: Actor, environmentId: unknown) {
  const envId = parseInput(id, environmentId);
  const env = await db.environment.findFirst({ where: { AND: [{ id: envId }, tenantScope(actor)] }, select: { id: true, tenantId: true } });
  if (!env) throw notFound("Environment");
  // a shared environment (issue 16) has no tenant: its logging target is the platform's
  return { ...env, tenantId: env.tenantId ?? "platform" };
}

export async function getEnvironmentLogging({ actor, environmentId }: { actor: Actor; environmentId: unknown }): Promise<{ target: LoggingTargetDto | null }> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "environment.read", { tenantId: env.tenantId, kind: "Environment" });
  const row = await db.environmentLogging.findFirst({ where: { AND: [{ environmentId: env.id }, { tenantId: env.tenantId }] } });
  return { target: row ? toLoggingTargetDto(row) : null };
}

export async function setEnvironmentLogging({
  actor,
  environmentId,
  input,
}: {
  actor: Actor;
  environmentId: unknown;
  input: unknown;
}): Promise<{ target: LoggingTargetDto }> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "logging.manage", { tenantId: env.tenantId, kind: "Environment" });
  const t = parseLoggingTarget(input);
  const row = await db.$transaction(async (tx) => {
    const r = await tx.environmentLogging.upsert({
      where: { environmentId: env.id },
      create: { environmentId: env.id, tenantId: env.tenantId, ...t },
      update: t,
    });
    await recordAudit(tx, { actor, tenantId: env.tenantId, action: "environment.logging.set", targetType: "Environment", targetId: env.id, details: t });
    return r;
  });
  return { target: toLoggingTargetDto(row) };
}

export async function clearEnvironmentLogging({ actor, environmentId }: { actor: Actor; environmentId: unknown }): Promise<void> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "logging.manage", { tenantId: env.tenantId, kind: "Environment" });
  await db.$transaction(async (tx) => {
    await tx.environmentLogging.deleteMany({ where: { AND: [{ environmentId: env.id }, { tenantId: env.tenantId }] } });
    await recordAudit(tx, { actor, tenantId: env.tenantId, action: "environment.logging.clear", targetType: "Environment", targetId: env.id });
  });
}

/** For the deploy job (system): the driver every service of the environment gets, or none. The
 * tag names the app's tenant (in a shared environment that is not the environment's owner). */
export async function environmentLogDriver(environmentId: string, appTenantId: string): Promise<ServiceLogDriver | undefined> {
  const row = await db.environmentLogging.findUnique({ where: { environmentId } });
  if (!row) return undefined;
  const tenant = await db.tenant.findUnique({ where: { id: appTenantId }, select: { slug: true } });
  if (!tenant) return undefined;
  return engineLogDriver(parseLoggingTarget({ driver: row.driver, address: row.address, port: row.port, protocol: row.protocol }), tenant.slug);
}
