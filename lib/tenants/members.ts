// Tenant membership use-cases: list, add or change a role, invite by email, remove, revoke an
// invitation. Owners manage their tenant; a tenant always keeps at least one owner. Adding by email
// is not an account oracle (lib/tenants/invitations.ts).
import { db, type Tx } from "@/lib/db";
import { appError, notFound, problem } from "@/lib/errors";
import { authorize, can, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { email, id, parseInput, keyed, z } from "@/lib/validation";
import { toInvitationDto } from "./invitations";
import type { InvitationDto, InvitedDto, MemberDto } from "./tenant-dto";

const MESSAGES = {
  unknownUser: "No user with that id; a platform admin creates users.",
  lastOwner: "A tenant needs at least one owner; make someone else owner first.",
};

const role = z.enum(["owner", "member", "viewer"]);
const addInput = z
  .object({ userId: z.string().max(64).optional(), email: email.optional(), role })
  .refine((v) => Boolean(v.userId) !== Boolean(v.email), { path: ["userId"], ...keyed("validation.userOrEmail") });

type MemberRow = { userId: string; role: string; createdAt: Date; user: { email: string; name: string } };
const toMemberDto = (m: MemberRow): MemberDto => ({
  userId: m.userId,
  email: m.user.email,
  name: m.user.name,
  role: m.role,
  status: "active",
  createdAt: m.createdAt.toISOString(),
});

/** Members, and (for those who manage members) the pending invitations. */
export async function listMembers({ actor, tenantId }: { actor: Actor; tenantId: unknown }): Promise<{ items: MemberDto[]; invitations: InvitationDto[] }> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.read", { tenantId: tid, kind: "Tenant" });
  const [rows, invitations] = await Promise.all([
    db.membership.findMany({ where: { tenantId: tid }, include: { user: true }, orderBy: { createdAt: "asc" } }),
    can(actor, "member.manage", { tenantId: tid, kind: "Tenant" })
      ? db.invitation.findMany({ where: { tenantId: tid }, include: { invitedBy: { select: { email: true } } }, orderBy: { createdAt: "asc" } })
      : Promise.resolve([]),
  ]);
  return { items: rows.map(toMemberDto), invitations: invitations.map(toInvitationDto) };
}

async function assertKeepsOwner(tx: Tx, tenantId: string, userId: string) {
  const owners = await tx.membership.count({ where: { tenantId, role: "owner", userId: { not: userId } } });
  if (owners === 0) throw appError("CONFLICT", "tenantErrors.lastOwner", undefined, MESSAGES.lastOwner);
}

/** Creates the membership or changes its role. */
async function setMembership(tx: Tx, actor: Actor, tenantId: string, user: { id: string; email: string; name: string }, newRole: string): Promise<MemberDto> {
  const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId, userId: user.id } } });
  if (existing?.role === "owner" && newRole !== "owner") await assertKeepsOwner(tx, tenantId, user.id);
  const m = await tx.membership.upsert({
    where: { tenantId_userId: { tenantId, userId: user.id } },
    create: { tenantId, userId: user.id, role: newRole },
    update: { role: newRole },
  });
  // Joined another way: a pending invitation of the same email is settled.
  await tx.invitation.deleteMany({ where: { tenantId, email: user.email } });
  await recordAudit(tx, {
    actor,
    tenantId,
    action: existing ? "member.update" : "member.add",
    targetType: "user",
    targetId: user.id,
    details: { email: user.email, role: newRole, previousRole: existing?.role },
  });
  return toMemberDto({ userId: user.id, role: m.role, createdAt: m.createdAt, user });
}

/** Stores (or re-roles) an invitation. The answer names nothing but what the caller sent. */
async function invite(tx: Tx, actor: Actor, tenantId: string, address: string, newRole: string): Promise<InvitedDto> {
  await tx.invitation.upsert({
    where: { tenantId_email: { tenantId, email: address } },
    create: { tenantId, email: address, role: newRole, invitedById: actor.userId },
    update: { role: newRole, invitedById: actor.userId },
  });
  await recordAudit(tx, { actor, tenantId, action: "member.invite", targetType: "invitation", targetId: address, details: { email: address, role: newRole } });
  return { email: address, role: newRole, status: "invited" };
}

/**
 * Adds a member, or changes the role of an existing one. By user id (and, for platform admins, by
 * the email of an existing account): at once, 201 with the membership. By email otherwise: an
 * invitation, 202 `{ email, role, status: "invited" }` — identical, and after the same database
 * work, whether or not that account exists; it becomes a membership when the account signs in.
 * An email that already belongs to a member of this tenant (listed to the owner anyway) changes
 * their role at once.
 */
export async function addMember({ actor, tenantId, input }: { actor: Actor; tenantId: unknown; input: unknown }): Promise<MemberDto | InvitedDto> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.manage", { tenantId: tid, kind: "Tenant" });
  const data = parseInput(addInput, input);
  const result = await db.$transaction(async (tx): Promise<MemberDto | InvitedDto> => {
    if (!(await tx.tenant.findUnique({ where: { id: tid } }))) throw notFound("Tenant");
    if (data.userId) {
      const user = await tx.user.findUnique({ where: { id: data.userId } });
      if (!user)
        throw appError("VALIDATION", "tenantErrors.unknownUser", undefined, MESSAGES.unknownUser, {
          details: [problem("userId", "fieldErrors.unknownUser", undefined, "Unknown user")],
        });
      return setMembership(tx, actor, tid, user, data.role);
    }
    const address = data.email!;
    const user = await tx.user.findUnique({ where: { email: address } });
    // The same statements run whether or not the account exists: the membership lookup uses an id
    // no row has when it does not (response time tells nothing either).
    const member = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tid, userId: user?.id ?? "" } } });
    if (user && (member || actor.platformAdmin)) return setMembership(tx, actor, tid, user, data.role);
    return invite(tx, actor, tid, address, data.role);
  });
  if (result.status === "active") announceAccessChange(result.userId);
  return result;
}

/** Withdraws a pending invitation (owners of the tenant, platform admins). */
export async function revokeInvitation({ actor, tenantId, email: raw }: { actor: Actor; tenantId: unknown; email: unknown }): Promise<void> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.manage", { tenantId: tid, kind: "Tenant" });
  const address = parseInput(email, raw);
  await db.$transaction(async (tx) => {
    const r = await tx.invitation.deleteMany({ where: { tenantId: tid, email: address } });
    if (r.count === 0) throw notFound("Invitation");
    await recordAudit(tx, { actor, tenantId: tid, action: "member.invite.revoke", targetType: "invitation", targetId: address, details: { email: address } });
  });
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

const removeInput = z
  .object({ userId: z.string().max(64).optional(), email: email.optional() })
  .refine((v) => Boolean(v.userId) !== Boolean(v.email), { path: ["userId"], ...keyed("validation.userOrEmail") });

/** DELETE /tenants/{id}/members: `{ userId }` removes a member, `{ email }` withdraws an invitation. */
export async function removeMemberOrInvitation({ actor, tenantId, input }: { actor: Actor; tenantId: unknown; input: unknown }): Promise<void> {
  const tid = parseInput(id, tenantId);
  authorize(actor, "member.manage", { tenantId: tid, kind: "Tenant" });
  const data = parseInput(removeInput, input);
  if (data.userId) await removeMember({ actor, tenantId: tid, userId: data.userId });
  else await revokeInvitation({ actor, tenantId: tid, email: data.email });
}
