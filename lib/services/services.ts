// Services of an app: read, scale, events, containers. Scaling changes the engine at once (no new
// revision, as in Rancher); the reconciler reports the replicas as they come.
import { db, Prisma } from "@/lib/db";
import { queryRows, rowDate as date, rowDateOrNull as dateOrNull } from "@/lib/db/sql-rows";
import { appError, notFound, problem, storedText, storedTextColumns, storedTextOf } from "@/lib/errors";
import { authorize, tenantScopeSql, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { managerEngine } from "@/lib/hosts";
import { scaleService as scaleEngineService } from "@/lib/orchestrator";
import { LIMIT_MESSAGES, environmentLimits, replicasWithin } from "@/lib/compose";
import { followConvergence } from "@/lib/reconcile/follow-convergence";
import { withQuota } from "@/lib/quotas";
import { id, pageQuery, parseInput, z } from "@/lib/validation";
import { toServiceDto, type ServiceDto } from "@/lib/apps/app-dto";

export type LoadedService = Prisma.ServiceGetPayload<{ include: { portLeases: true; app: true } }>;

type Raw = Record<string, unknown>;

/**
 * A service inside the caller's tenant scope (other tenants' ids are not found), with its app and
 * port leases: what `findFirst({ where: { AND: [{ id }, tenantScope(actor)] }, include: { portLeases,
 * app } })` answers, in two plain statements (issue 20: every service-scoped request and the service
 * page run it, and the model call was compiled each time). The scope is the same rule, as SQL.
 */
export async function loadService(actor: Actor, serviceId: unknown): Promise<LoadedService> {
  const sid = parseInput(id, serviceId);
  const rows = await queryRows<Raw>(
    db,
    Prisma.sql`
    SELECT s."id", s."tenantId", s."environmentId", s."appId", s."name", s."image", s."desiredReplicas", s."runningReplicas",
           s."swarmServiceId", s."lastError", s."observedAt", s."createdAt",
           a."tenantId" AS "appTenantId", a."environmentId" AS "appEnvironmentId", a."name" AS "appName", a."status" AS "appStatus",
           a."currentRevisionId" AS "appCurrentRevisionId", a."createdAt" AS "appCreatedAt", a."updatedAt" AS "appUpdatedAt"
    FROM "Service" s JOIN "App" a ON a."id" = s."appId"
    WHERE s."id" = ${sid} AND ${tenantScopeSql(actor, Prisma.raw(`s."tenantId"`))}`,
  );
  const r = rows[0];
  if (!r) throw notFound("Service");
  const leases = await queryRows<Raw>(
    db,
    Prisma.sql`
    SELECT "id", "tenantId", "environmentId", "protocol", "port", "targetPort", "requestedPort", "appId", "serviceId", "createdAt"
    FROM "PortLease" WHERE "serviceId" = ${sid}`,
  );
  return {
    id: r.id as string,
    tenantId: r.tenantId as string,
    environmentId: r.environmentId as string,
    appId: r.appId as string,
    name: r.name as string,
    image: r.image as string,
    desiredReplicas: Number(r.desiredReplicas),
    runningReplicas: Number(r.runningReplicas),
    swarmServiceId: r.swarmServiceId as string | null,
    lastError: r.lastError as string | null,
    observedAt: dateOrNull(r.observedAt),
    createdAt: date(r.createdAt),
    app: {
      id: r.appId as string,
      tenantId: r.appTenantId as string,
      environmentId: r.appEnvironmentId as string,
      name: r.appName as string,
      status: r.appStatus as string,
      currentRevisionId: r.appCurrentRevisionId as string | null,
      createdAt: date(r.appCreatedAt),
      updatedAt: date(r.appUpdatedAt),
    },
    portLeases: leases.map((l) => ({
      id: l.id as string,
      tenantId: l.tenantId as string,
      environmentId: l.environmentId as string,
      protocol: l.protocol as string,
      port: Number(l.port),
      targetPort: Number(l.targetPort),
      requestedPort: l.requestedPort === null ? null : Number(l.requestedPort),
      appId: l.appId as string | null,
      serviceId: l.serviceId as string | null,
      createdAt: date(l.createdAt),
    })),
  };
}

export async function getService({
  actor,
  serviceId,
}: {
  actor: Actor;
  serviceId: unknown;
}): Promise<ServiceDto & { appName: string; environmentId: string; tenantId: string }> {
  const svc = await loadService(actor, serviceId);
  authorize(actor, "service.read", { tenantId: svc.tenantId, kind: "Service" });
  return { ...toServiceDto(svc), appName: svc.app.name, environmentId: svc.environmentId, tenantId: svc.tenantId };
}

const scaleInput = z.object({ replicas: z.coerce.number().int().min(0, "At least 0") }).strict();

export async function scaleService({ actor, serviceId, input }: { actor: Actor; serviceId: unknown; input: unknown }): Promise<ServiceDto> {
  const svc = await loadService(actor, serviceId);
  authorize(actor, "service.scale", { tenantId: svc.tenantId, kind: "Service" });
  const { replicas } = parseInput(scaleInput, input);
  // The same bounds a compose file's replicas get from the policy (lib/compose/limits.ts).
  const limits = environmentLimits({ id: svc.environmentId });
  if (!replicasWithin(replicas, limits)) {
    const max = limits.maxReplicas;
    throw appError("VALIDATION", "composeErrors.limits.replicas", { max }, LIMIT_MESSAGES.replicas(max), {
      details: [problem("replicas", "composeErrors.limits.replicas", { max }, LIMIT_MESSAGES.replicas(max))],
    });
  }
  if (!svc.swarmServiceId) throw appError("CONFLICT", "day2Errors.notDeployed", undefined, "This service is not deployed yet; wait for the deploy to finish.");
  if (svc.app.status === "deploying" || svc.app.status === "deleting")
    throw appError("CONFLICT", "serviceErrors.appBusy", { status: `@states.${svc.app.status}` }, `The app is ${svc.app.status}; scale when it is done.`);
  const swarmServiceId = svc.swarmServiceId;
  // Quota hook (issue 16): judged and written under the tenant's quota lock, before the engine call.
  const updated = await withQuota({ kind: "scale", tenantId: svc.tenantId, environmentId: svc.environmentId, serviceId: svc.id, replicas }, null, async () => {
    // the manager found moments ago will do (issue 20: the lookup is two or three engine calls);
    // after a failed call the next scale looks for it again
    const { engine } = await managerEngine(svc.environmentId, { reuse: true });
    await scaleEngineService(engine, swarmServiceId, replicas, limits).catch((e: unknown) => {
      void managerEngine(svc.environmentId).catch(() => undefined);
      throw e;
    });
    return db.$transaction(async (tx) => {
      const s = await tx.service.update({ where: { id: svc.id }, data: { desiredReplicas: replicas, lastError: null }, include: { portLeases: true } });
      await tx.serviceEvent.create({
        data: {
          serviceId: svc.id,
          type: "scale",
          ...storedTextColumns(
            storedText(
              "storedTexts.events.scaled",
              { from: svc.desiredReplicas, to: replicas, actor: actor.email },
              `Scaled from ${svc.desiredReplicas} to ${replicas} by ${actor.email}`,
            ),
          ),
        },
      });
      if (svc.app.status === "stopped" && replicas > 0) await tx.app.update({ where: { id: svc.appId }, data: { status: "degraded" } });
      await recordAudit(tx, {
        actor,
        tenantId: svc.tenantId,
        action: "service.scale",
        targetType: "service",
        targetId: svc.id,
        details: { from: svc.desiredReplicas, to: replicas },
      });
      return s;
    });
  });
  followConvergence(svc.environmentId, svc.appId);
  return toServiceDto(updated);
}

/** The rows of one statement reading a service (its tenant scope as SQL) joined to its children, a
 * service without children being one row of nulls: not found outside the caller's scope, the
 * action authorized on the service's tenant, then the children's rows. */
function childRows(actor: Actor, action: Parameters<typeof authorize>[1], rows: Raw[]): Raw[] {
  if (rows.length === 0) throw notFound("Service");
  authorize(actor, action, { tenantId: rows[0].tenantId as string, kind: "Service" });
  return rows.filter((r) => r.id !== null);
}

export async function listServiceEvents({ actor, serviceId, query }: { actor: Actor; serviceId: unknown; query?: unknown }) {
  const sid = parseInput(id, serviceId);
  const q = parseInput(pageQuery, query ?? {});
  // One plain statement for the service (tenant scope as SQL) and its latest events: the service
  // page reads them on every render (issue 20). A service without events is one row of nulls.
  const rows = await queryRows<Raw>(
    db,
    Prisma.sql`
    SELECT s."tenantId", e."id", e."type", e."message", e."messageKey", e."messageParams", e."createdAt"
    FROM "Service" s LEFT JOIN "ServiceEvent" e ON e."serviceId" = s."id"
    WHERE s."id" = ${sid} AND ${tenantScopeSql(actor, Prisma.raw(`s."tenantId"`))}
    ORDER BY e."createdAt" DESC, e."id" DESC LIMIT ${q.limit}`,
  );
  return {
    items: childRows(actor, "service.read", rows).map((e) => ({
      id: e.id as string,
      type: e.type as string,
      ...storedTextOf({ message: e.message as string, messageKey: e.messageKey as string | null, messageParams: e.messageParams as string | null }),
      createdAt: date(e.createdAt).toISOString(),
    })),
  };
}

export interface ContainerDto {
  id: string;
  serviceId: string;
  taskId: string;
  slot: number | null;
  state: string;
  desiredState: string;
  error: string | null;
  host: { id: string; name: string } | null;
  updatedAt: string;
}

export async function listServiceContainers({ actor, serviceId }: { actor: Actor; serviceId: unknown }): Promise<{ items: ContainerDto[] }> {
  // One plain statement for the service (tenant scope as SQL) and its containers with their hosts'
  // names, only the columns the list shows: the service page and API clients ask for this often, and
  // a model call is compiled each time (issue 20). A service without containers is one row of nulls.
  const rows = await queryRows<Raw>(
    db,
    Prisma.sql`
    SELECT s."id" AS "sid", s."tenantId", c."id", c."taskId", c."slot", c."state", c."desiredState", c."error", c."hostId",
           h."name" AS "hostName", c."updatedAt"
    FROM "Service" s
    LEFT JOIN "Container" c ON c."serviceId" = s."id"
    LEFT JOIN "Host" h ON h."id" = c."hostId" AND h."environmentId" = s."environmentId"
    WHERE s."id" = ${parseInput(id, serviceId)} AND ${tenantScopeSql(actor, Prisma.raw(`s."tenantId"`))}
    ORDER BY c."slot" ASC, c."updatedAt" DESC`,
  );
  return {
    items: childRows(actor, "container.read", rows).map((c) => ({
      id: c.id as string,
      serviceId: c.sid as string,
      taskId: c.taskId as string,
      slot: c.slot === null ? null : Number(c.slot),
      state: c.state as string,
      desiredState: c.desiredState as string,
      error: c.error as string | null,
      host: c.hostId && c.hostName !== null ? { id: c.hostId as string, name: c.hostName as string } : null,
      updatedAt: date(c.updatedAt).toISOString(),
    })),
  };
}
