import { db, isUniqueViolation } from "@/lib/db";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { name, parseInput, slug, z } from "@/lib/validation";
import type { TenantDto } from "./tenant-dto";

const input = z.object({ name, slug, ownerId: z.string().max(64).optional(), ownerEmail: z.string().trim().toLowerCase().max(200).optional() }).strict();

export async function createTenant({ actor, input: raw }: { actor: Actor; input: unknown }): Promise<TenantDto> {
  authorize(actor, "tenant.create");
  const data = parseInput(input, raw);
  try {
    return await db.$transaction(async (tx) => {
      const t = await tx.tenant.create({ data: { name: data.name, slug: data.slug } });
      if (data.ownerId || data.ownerEmail) {
        const owner = data.ownerId
          ? await tx.user.findUnique({ where: { id: data.ownerId } })
          : await tx.user.findUnique({ where: { email: data.ownerEmail! } });
        const field = data.ownerId ? "ownerId" : "ownerEmail";
        if (!owner)
          throw appError("VALIDATION", "tenantErrors.unknownOwner", undefined, "The owner does not exist; create the user first.", {
            details: [problem(field, "fieldErrors.unknownUser", undefined, "Unknown user")],
          });
        await tx.membership.create({ data: { tenantId: t.id, userId: owner.id, role: "owner" } });
      }
      await recordAudit(tx, { actor, tenantId: t.id, action: "tenant.create", targetType: "tenant", targetId: t.id, details: { name: t.name, slug: t.slug } });
      return { id: t.id, name: t.name, slug: t.slug, createdAt: t.createdAt.toISOString() };
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw appError("CONFLICT", "tenantErrors.slugTaken", { slug: data.slug }, `The slug "${data.slug}" is taken.`, {
        details: [problem("slug", "fieldErrors.alreadyTaken", undefined, "Already taken")],
      });
    throw e;
  }
}
