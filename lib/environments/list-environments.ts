import { db } from "@/lib/db";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { pageArgs, pageQuery, parseInput, toPage, z } from "@/lib/validation";
import { toEnvironmentDto } from "./environment-dto";

export async function listEnvironments({ actor, query }: { actor: Actor; query?: unknown }) {
  const q = parseInput(pageQuery.extend({ tenantId: z.string().max(64).optional() }), query ?? {});
  if (q.tenantId) authorize(actor, "environment.read", { tenantId: q.tenantId, kind: "Tenant" });
  const rows = await db.environment.findMany({
    where: { AND: [tenantScope(actor), q.tenantId ? { tenantId: q.tenantId } : {}] },
    include: { _count: { select: { hosts: true, apps: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    ...pageArgs(q),
  });
  const page = toPage(rows, q);
  return { items: page.items.map(toEnvironmentDto), nextCursor: page.nextCursor };
}
