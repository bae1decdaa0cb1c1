import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantRowScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import type { TenantDto } from "./tenant-dto";

export async function getTenant({ actor, tenantId }: { actor: Actor; tenantId: unknown }): Promise<TenantDto> {
  const tid = parseInput(id, tenantId);
  const t = await db.tenant.findFirst({ where: { AND: [{ id: tid }, tenantRowScope(actor)] } });
  if (!t) throw notFound("Tenant");
  authorize(actor, "tenant.read", { tenantId: t.id, kind: "Tenant" });
  return { id: t.id, name: t.name, slug: t.slug, createdAt: t.createdAt.toISOString(), ...(actor.roles.get(t.id) ? { role: actor.roles.get(t.id) } : {}) };
}
