// Tenant membership use-cases: list, add or change a role, remove. Owners manage their tenant;
// a tenant always keeps at least one owner.
import { db, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { id, parseInput, z } from "@/lib/validation";
import type { MemberDto } from "./tenant-dto";

const role = z.enum(["owner", "member", "viewer"]);
const addInput = z.object({ userId: z.string().max(64).optional(), email: z.string().trim().toLowerCase().max(200).optional(), role }).refine((v) => v.userId || v.email, {
  message: "Give userId or email",
  path: ["userId"],
});

export async function listMembers({ actor, tenantId }: { actor: Actor; tenantId: unknown }): Promise<{ items: MemberDto[] }> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.read", { tenantId: tid, kind: "Tenant" });
  const rows = await db.membership.findMany({ where: { tenantId: tid }, include: { user: true }, orderBy: { createdAt: "asc" } });
  return {
    items: rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() })),
  };
}

async function assertKeepsOwner(tx: Tx, tenantId: string, userId: string) {
  const owners = await tx.membership.count({ where: { tenantId, role: "owner", userId: { not: userId } } });
  if (owners === 0) throw new AppError("CONFLICT", "A tenant needs at least one owner; make someone else owner first.");
}

/** Adds a member, or changes the role of an existing one. */
export async function addMember({ actor, tenantId, input }: { actor: Actor; tenantId: unknown; input: unknown }): Promise<MemberDto> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.manage", { tenantId: tid, kind: "Tenant" });
  const data = parseInput(addInput, input);
  const dto = await db.$transaction(async (tx) => {
    if (!(await tx.tenant.findUnique({ where: { id: tid } }))) throw notFound("Tenant");
    const user = data.userId ? await tx.user.findUnique({ where: { id: data.userId } }) : await tx.user.findUnique({ where: { email: data.email! } });
    if (!user) throw new AppError("VALIDATION", "No user with that id or email; a platform admin creates users.", [{ path: data.userId ? "userId" : "email", message: "Unknown user" }]);
    const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tid, userId: user.id } } });
    if (existing?.role === "owner" && data.role !== "owner") await assertKeepsOwner(tx, tid, user.id);
    const m = await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: tid, userId: user.id } },
      create: { tenantId: tid, userId: user.id, role: data.role },
      update: { role: data.role },
    });
    await recordAudit(tx, {
      actor, tenantId: tid, action: existing ? "member.update" : "member.add", targetType: "user", targetId: user.id,
      details: { email: user.email, role: data.role, previousRole: existing?.role },
    });
    return { userId: user.id, email: user.email, name: user.name, role: m.role, createdAt: m.createdAt.toISOString() };
  });
  announceAccessChange(dto.userId);
  return dto;
}

export async function removeMember({ actor, tenantId, userId }: { actor: Actor; tenantId: unknown; userId: unknown }): Promise<void> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.manage", { tenantId: tid, kind: "Tenant" });
  const uid = parseInput(id, userId);
  await db.$transaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tid, userId: uid } }, include: { user: true } });
    if (!m) throw notFound("Member");
    if (m.role === "owner") await assertKeepsOwner(tx, tid, uid);
    await tx.membership.delete({ where: { id: m.id } });
    await recordAudit(tx, { actor, tenantId: tid, action: "member.remove", targetType: "user", targetId: uid, details: { email: m.user.email, role: m.role } });
  });
  announceAccessChange(uid);
}
