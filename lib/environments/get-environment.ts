import type { Environment } from "@prisma/client";
import { db, Prisma } from "@/lib/db";
import { queryRows, rowDate } from "@/lib/db/sql-rows";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { toEnvironmentDto, type EnvironmentDto } from "./environment-dto";
import { environmentScopeSql, viewOf, PLATFORM_SCOPE } from "./environment-scope";

/**
 * Loads an environment inside the caller's scope; other tenants' ids are simply not found. A shared
 * environment comes as the caller's tenant view (environment-scope.ts): `tenantId` is the viewing
 * tenant. `_count.hosts` counts its hosts (the apps are counted by getEnvironment only: a count of
 * every app on each deploy's load cost more than the rest of the query, issue 20).
 */
export async function loadEnvironment(actor: Actor, environmentId: unknown, o: { tenantId?: string; lenient?: boolean } = {}) {
  const env = await readScopedEnvironment(actor, parseInput(id, environmentId));
  if (!env) throw notFound("Environment");
  return viewOf(actor, env, o);
}

/** The row as a model call with `_count.hosts`, `access` and `region` would answer, read with plain
 * statements: every deploy and environment-scoped request starts here, and this model call's
 * compilation (scope, relation filter, count, two relations) took about 2 ms each time (issue 20).
 * Values come back in the database's own form (SQLite: 0/1 and text dates), hence the conversions;
 * the object is typed as the model, so a new column fails the type check here. */
async function readScopedEnvironment(actor: Actor, eid: string) {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    SELECT e.*, r."name" AS "regionName", r."displayName" AS "regionDisplayName",
           (SELECT COUNT(*) FROM "Host" h WHERE h."environmentId" = e."id") AS "hostCount"
    FROM "Environment" e JOIN "Region" r ON r."id" = e."regionId"
    WHERE e."id" = ${eid} AND ${environmentScopeSql(actor)}`,
  );
  const r = rows[0];
  if (!r) return null;
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const env: Environment = {
    id: String(r.id),
    tenantId: text(r.tenantId),
    shared: Boolean(r.shared),
    allTenants: Boolean(r.allTenants),
    name: String(r.name),
    description: String(r.description),
    portFrom: Number(r.portFrom),
    portTo: Number(r.portTo),
    publishMode: String(r.publishMode),
    endpointMode: String(r.endpointMode),
    defaultCpus: Number(r.defaultCpus),
    defaultMemoryMb: Number(r.defaultMemoryMb),
    bindAllowList: String(r.bindAllowList),
    swarmClusterId: text(r.swarmClusterId),
    joinTokenWorkerEnc: text(r.joinTokenWorkerEnc),
    joinTokenManagerEnc: text(r.joinTokenManagerEnc),
    createdAt: rowDate(r.createdAt),
    updatedAt: rowDate(r.updatedAt),
    regionId: String(r.regionId),
  };
  const access = env.shared
    ? await queryRows<{ tenantId: string }>(db, Prisma.sql`SELECT "tenantId" FROM "EnvironmentAccess" WHERE "environmentId" = ${eid}`)
    : [];
  return {
    ...env,
    _count: { hosts: Number(r.hostCount) },
    access: access.map((a) => ({ tenantId: String(a.tenantId) })),
    region: { id: env.regionId, name: String(r.regionName), displayName: String(r.regionDisplayName) },
  };
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
  // a shared environment's tenant view counts that tenant's apps only (admins: all)
  const mine = env.shared && env.tenantId !== PLATFORM_SCOPE;
  const apps = await db.app.count({ where: { environmentId: env.id, ...(mine ? { tenantId: env.tenantId } : {}) } });
  return toEnvironmentDto({ ...env, _count: { ...env._count, apps } }, actor);
}
