import { db, Prisma } from "@/lib/db";
import { queryRows } from "@/lib/db/sql-rows";
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
  // a plain statement: the signed-in shell renders it on every page (issue 20)
  const memberships = await queryRows<MeDto["memberships"][number]>(
    db,
    Prisma.sql`
    SELECT m."tenantId", t."name" AS "tenantName", t."slug" AS "tenantSlug", m."role"
    FROM "Membership" m JOIN "Tenant" t ON t."id" = m."tenantId"
    WHERE m."userId" = ${actor.userId}
    ORDER BY t."name" ASC, t."id" ASC`,
  );
  return {
    id: actor.userId,
    email: actor.email,
    name: actor.name,
    platformAdmin: actor.platformAdmin,
    memberships: memberships.map((m) => ({ tenantId: m.tenantId, tenantName: m.tenantName, tenantSlug: m.tenantSlug, role: m.role })),
  };
}
