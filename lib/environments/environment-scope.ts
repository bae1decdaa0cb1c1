// ─── Security invariant (issue 16: shared environments) ──────────────────────────────────────────
// A shared environment belongs to the platform (tenantId null) and is opened to every tenant
// (allTenants) or to chosen ones (EnvironmentAccess). Tenants never act on it as owners: they see
// it through a *tenant view*, the environment row with `tenantId` set to the viewing tenant, so
// every query that scopes by `env.tenantId` (apps, services, containers, leases, secrets, stats)
// returns that tenant's rows only. `ownerTenantId` keeps the real owner (null when shared):
// management (settings, hosts, deletion) authorizes against it, which leaves shared environments
// to platform admins. An admin's view of a shared environment is PLATFORM_SCOPE, a tenant id no
// row has, so tenant-scoped queries find nothing and nothing can be created in no one's name.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import { Prisma, type Environment } from "@prisma/client";
import { appError, notFound, problem } from "@/lib/errors";
import { tenantIdsOf, tenantScope, tenantScopeSql, type Actor } from "@/lib/policy";

/** The tenant of an admin's view of a shared environment: matches no row, owns nothing. */
export const PLATFORM_SCOPE = "platform";

/** `where` fragment: environments the caller may see (own tenants' and shared ones opened to them). */
export function environmentScope(actor: Actor): object {
  if (actor.platformAdmin) return {};
  const ids = tenantIdsOf(actor);
  return {
    OR: [tenantScope(actor), { AND: [{ shared: true }, { allTenants: true }] }, { AND: [{ shared: true }, { access: { some: { tenantId: { in: ids } } } }] }],
  };
}

/** The same rule as a plain statement's condition on `e` (an Environment row): the hot reads
 * (loadEnvironment, every deploy and environment-scoped request) skip the model call's compilation
 * (issue 20). The two forms are compared on every kind of actor in tests/integration/environment-scope.test.ts. */
export function environmentScopeSql(actor: Actor): Prisma.Sql {
  if (actor.platformAdmin) return Prisma.sql`TRUE`;
  const ids = tenantIdsOf(actor);
  if (ids.length === 0) return Prisma.sql`(e."shared" AND e."allTenants")`;
  return Prisma.sql`(${tenantScopeSql(actor, Prisma.raw(`e."tenantId"`))} OR (e."shared" AND e."allTenants")
    OR (e."shared" AND EXISTS (SELECT 1 FROM "EnvironmentAccess" a WHERE a."environmentId" = e."id" AND ${tenantScopeSql(actor, Prisma.raw(`a."tenantId"`))})))`;
}

type Row = Environment & { access?: { tenantId: string }[] };

/** The caller's tenants a shared environment is opened to (admins: those named by `wanted`). */
export function eligibleTenants(actor: Actor, env: Row): string[] {
  const mine = tenantIdsOf(actor);
  if (env.allTenants) return mine;
  const open = new Set((env.access ?? []).map((a) => a.tenantId));
  return mine.filter((t) => open.has(t));
}

export type EnvironmentView<R extends Row = Row> = Omit<R, "tenantId"> & { tenantId: string; ownerTenantId: string | null };

/**
 * The environment as `tenantId` sees it. Dedicated: its owner. Shared: the requested tenant when the
 * environment is opened to it (and the caller belongs to it, unless admin), else the caller's only
 * eligible tenant; admins without a tenant get PLATFORM_SCOPE. `lenient` (lists): an ambiguous
 * caller gets PLATFORM_SCOPE instead of an error.
 */
export function viewOf<R extends Row>(actor: Actor, env: R, o: { tenantId?: string; lenient?: boolean } = {}): EnvironmentView<R> {
  if (!env.shared) return { ...env, tenantId: env.tenantId ?? PLATFORM_SCOPE, ownerTenantId: env.tenantId };
  const view = (tenantId: string) => ({ ...env, tenantId, ownerTenantId: null });
  const openTo = (t: string) => env.allTenants || (env.access ?? []).some((a) => a.tenantId === t);
  if (o.tenantId) {
    if (openTo(o.tenantId) && (actor.platformAdmin || actor.roles.has(o.tenantId))) return view(o.tenantId);
    if (!o.lenient) throw notFound("Environment");
  }
  if (actor.platformAdmin) return view(PLATFORM_SCOPE);
  const mine = eligibleTenants(actor, env);
  if (mine.length === 1) return view(mine[0]);
  if (o.lenient) return view(PLATFORM_SCOPE);
  throw appError(
    "VALIDATION",
    "quota.errors.chooseTenant",
    undefined,
    "You belong to several tenants that use this shared environment: choose one (tenantId).",
    {
      details: [problem("tenantId", "fieldErrors.chooseTenant", undefined, "Choose a tenant")],
    },
  );
}
