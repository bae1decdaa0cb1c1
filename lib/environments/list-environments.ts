import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { pageArgs, pageQuery, parseInput, toPage, z } from "@/lib/validation";
import { REGION_REF_SELECT } from "@/lib/regions";
import { toEnvironmentDto } from "./environment-dto";
import { environmentScope, viewOf, PLATFORM_SCOPE } from "./environment-scope";

/** The caller's environments and the shared ones opened to its tenants (`?tenantId=`: one tenant's). */
export async function listEnvironments({ actor, query }: { actor: Actor; query?: unknown }) {
  const q = parseInput(pageQuery.extend({ tenantId: z.string().max(64).optional() }), query ?? {});
  if (q.tenantId) authorize(actor, "environment.read", { tenantId: q.tenantId, kind: "Tenant" });
  const forTenant = q.tenantId
    ? { OR: [{ tenantId: q.tenantId }, { AND: [{ shared: true }, { OR: [{ allTenants: true }, { access: { some: { tenantId: q.tenantId } } }] }] }] }
    : {};
  const rows = await db.environment.findMany({
    where: { AND: [environmentScope(actor), forTenant] },
    include: { _count: { select: { hosts: true, apps: true } }, access: { select: { tenantId: true } }, region: { select: REGION_REF_SELECT } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    ...pageArgs(q),
  });
  const page = toPage(rows, q);
  const views = page.items.map((e) => viewOf(actor, e, { tenantId: q.tenantId, lenient: true }));
  // A shared environment counts the viewing tenant's apps only (admins: every app).
  const shared = views.filter((v) => v.shared && v.tenantId !== PLATFORM_SCOPE);
  if (shared.length) {
    const counts = await db.app.groupBy({
      by: ["environmentId", "tenantId"],
      where: { environmentId: { in: shared.map((v) => v.id) } },
      _count: { _all: true },
    });
    for (const v of shared) v._count = { ...v._count, apps: counts.find((c) => c.environmentId === v.id && c.tenantId === v.tenantId)?._count._all ?? 0 };
  }
  return { items: views.map((v) => toEnvironmentDto(v, actor)), nextCursor: page.nextCursor };
}
