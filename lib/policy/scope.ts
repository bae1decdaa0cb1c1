// Tenant-scoped query helpers: the scope goes INTO the Prisma where clause, so a row of another
// tenant is never loaded in the first place ("not found" and "not yours" are the same answer).
// Combine them with other conditions through AND, never by spreading: `{ id, ...tenantRowScope(a) }`
// lets the scope's own `id` replace the requested one (a bug T1 caught).
import type { Actor } from "./actor";
import { tenantIdsOf } from "./actor";

/** `where` fragment restricting a tenant-owned model to the caller's tenants (admins: all). */
export function tenantScope(actor: Actor): { tenantId?: { in: string[] } } {
  return actor.platformAdmin ? {} : { tenantId: { in: tenantIdsOf(actor) } };
}

/** Same for the Tenant model itself, whose key is `id`. */
export function tenantRowScope(actor: Actor): { id?: { in: string[] } } {
  return actor.platformAdmin ? {} : { id: { in: tenantIdsOf(actor) } };
}
