// ─── Security invariant: adding by email is not an account oracle ──────────────────────────────
// A tenant owner who adds someone by email gets the same answer (202, `{ email, role, status:
// "invited" }`, same work in the database) whether or not an account with that email exists: an
// invitation is stored either way. It becomes a membership when the account holder proves who they
// are (signs in, creates an API token with their password) or when a platform admin creates the
// account. Platform admins (who see every user anyway) and callers naming an unguessable user id
// keep the immediate path. See lib/tenants/members.ts.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { db, type Db } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/policy";
import type { InvitationDto } from "./tenant-dto";

interface InvitationRow {
  email: string;
  role: string;
  createdAt: Date;
  invitedBy?: { email: string } | null;
}

export function toInvitationDto(r: InvitationRow): InvitationDto {
  return { email: r.email, role: r.role, status: "invited", createdAt: r.createdAt.toISOString(), invitedBy: r.invitedBy?.email ?? null };
}

/**
 * Turns the pending invitations of this user's email into memberships (an existing membership keeps
 * its role) and deletes them. Call after the user proved who they are, or inside the transaction
 * that creates the account (pass that transaction as `client`, and the admin as `by`). Returns the
 * tenant ids joined. Cheap when there is nothing pending: one indexed lookup.
 */
export async function acceptInvitations(user: { id: string; email: string; name: string }, opts: { client?: Db; by?: Actor } = {}): Promise<string[]> {
  const client: Db = opts.client ?? db;
  const email = user.email.trim().toLowerCase();
  const pending = await client.invitation.findMany({ where: { email }, include: { invitedBy: { select: { email: true } } }, orderBy: { createdAt: "asc" } });
  if (pending.length === 0) return [];
  const actor: Actor = opts.by ?? { userId: user.id, email: user.email, name: user.name, platformAdmin: false, roles: new Map(), via: "session" };
  const apply = async (tx: Db) => {
    const joined: string[] = [];
    for (const inv of pending) {
      // Deleting first claims the invitation: a concurrent sign-in of the same user finds it gone.
      if ((await tx.invitation.deleteMany({ where: { id: inv.id } })).count === 0) continue;
      const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: inv.tenantId, userId: user.id } } });
      if (existing) continue;
      await tx.membership.create({ data: { tenantId: inv.tenantId, userId: user.id, role: inv.role } });
      await recordAudit(tx, {
        actor,
        tenantId: inv.tenantId,
        action: "member.add",
        targetType: "user",
        targetId: user.id,
        details: { email, role: inv.role, via: "invitation", invitedBy: inv.invitedBy?.email ?? null },
      });
      joined.push(inv.tenantId);
    }
    return joined;
  };
  // Inside the caller's transaction, or in our own.
  return opts.client ? apply(opts.client) : db.$transaction((tx) => apply(tx));
}
