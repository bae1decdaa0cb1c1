import { db } from "@/lib/db";
import { tenantRowScope, type Actor } from "@/lib/policy";
import { pageArgs, pageQuery, parseInput, toPage } from "@/lib/validation";
import type { TenantDto } from "./tenant-dto";

/** Members see their tenants; admins see all. Listing needs no permission beyond the scope. */
export async function listTenants({ actor, query }: { actor: Actor; query?: unknown }) {
  const q = parseInput(pageQuery, query ?? {});
  const rows = await db.tenant.findMany({ where: tenantRowScope(actor), orderBy: { name: "asc" }, ...pageArgs(q) });
  const page = toPage(rows, q);
  return {
    items: page.items.map(
      (t): TenantDto => ({
        id: t.id,
        name: t.name,
        slug: t.slug,
        createdAt: t.createdAt.toISOString(),
        ...(actor.roles.get(t.id) ? { role: actor.roles.get(t.id) } : {}),
      }),
    ),
    nextCursor: page.nextCursor,
  };
}
