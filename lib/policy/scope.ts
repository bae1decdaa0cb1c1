// Tenant-scoped query helpers: the scope goes INTO the Prisma where clause, so a row of another
// tenant is never loaded in the first place ("not found" and "not yours" are the same answer).
// Combine them with other conditions through AND, never by spreading: `{ id, ...tenantRowScope(a) }`
// lets the scope's own `id` replace the requested one (a bug T1 caught).
import { Prisma } from "@prisma/client";
import type { Actor } from "./actor";
import { tenantIdsOf } from "./actor";

/** `where` fragment restricting a tenant-owned model to the caller's tenants (admins: all). */
export function tenantScope(actor: Actor): { tenantId?: { in: string[] } } {
  return actor.platformAdmin ? {} : { tenantId: { in: tenantIdsOf(actor) } };
}

/** The same rule as a plain statement's condition on a tenant column (e.g. Prisma.raw(`s."tenantId"`)):
 * the hot reads that skip a model call's compilation (issue 20) keep the scope in the statement. */
export function tenantScopeSql(actor: Actor, column: Prisma.Sql): Prisma.Sql {
  if (actor.platformAdmin) return Prisma.sql`TRUE`;
  const ids = tenantIdsOf(actor);
  return ids.length ? Prisma.sql`${column} IN (${Prisma.join(ids)})` : Prisma.sql`FALSE`;
}

/** Same for the Tenant model itself, whose key is `id`. */
export function tenantRowScope(actor: Actor): { id?: { in: string[] } } {
  return actor.platformAdmin ? {} : { id: { in: tenantIdsOf(actor) } };
}
