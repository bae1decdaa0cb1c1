import { db } from "@/lib/db";
import type { Actor } from "@/lib/policy";

export interface MeDto {
  id: string;
  email: string;
  name: string;
  platformAdmin: boolean;
  memberships: { tenantId: string; tenantName: string; tenantSlug: string; role: string }[];
}

/** The caller itself: no permission needed beyond being signed in. */
export async function getMe({ actor }: { actor: Actor }): Promise<MeDto> {
  const memberships = await db.membership.findMany({
    where: { userId: actor.userId },
    include: { tenant: true },
    orderBy: { tenant: { name: "asc" } },
  });
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    platformAdmin: actor.platformAdmin,
    memberships: memberships.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenant.name, tenantSlug: m.tenant.slug, role: m.role })),
  };
}
