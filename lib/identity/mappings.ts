// Group → tenant role and group → platform admin rules (issue 14), and applying them to a user at
// each login and sync. Only memberships a provider granted (Membership.source = provider id) and
// admin rights it granted (User.platformAdminBy) are ever changed or removed by it; rights given by
// hand stay. Anything taken away is announced at once (T5: tokens refused, terminals closed).
import type { User } from "@prisma/client";
import { db, isUniqueViolation } from "@/lib/db";
import { appError, notFound, problem } from "@/lib/errors";
import { authorize, SYSTEM_ACTOR, TENANT_ROLES, type Actor, type TenantRole } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { announceAccessChange } from "@/lib/auth/access-signals";
import { id, parseInput, z } from "@/lib/validation";

export interface GroupMappingDto {
  id: string;
  providerId: string;
  group: string;
  tenantId: string | null;
  role: TenantRole | null;
  platformAdmin: boolean;
  createdAt: string;
}

const group = z.string().trim().min(1).max(500);
const mappingInput = z.union([
  z.object({ providerId: id, group, tenantId: id, role: z.enum(TENANT_ROLES as unknown as [TenantRole, ...TenantRole[]]) }).strict(),
  z.object({ providerId: id, group, platformAdmin: z.literal(true) }).strict(),
]);

function toDto(r: {
  id: string;
  providerId: string;
  group: string;
  tenantId: string | null;
  role: string | null;
  platformAdmin: boolean;
  createdAt: Date;
}): GroupMappingDto {
  return {
    id: r.id,
    providerId: r.providerId,
    group: r.group,
    tenantId: r.tenantId,
    role: (r.role as TenantRole | null) ?? null,
    platformAdmin: r.platformAdmin,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listGroupMappings({ actor, query }: { actor: Actor; query?: Record<string, string> }): Promise<{ items: GroupMappingDto[] }> {
  authorize(actor, "identity.manage");
  const providerId = query?.providerId ? parseInput(id, query.providerId) : undefined;
  const rows = await db.groupMapping.findMany({ where: providerId ? { providerId } : {}, orderBy: { createdAt: "asc" } });
  return { items: rows.map(toDto) };
}

export async function createGroupMapping({ actor, input }: { actor: Actor; input: unknown }): Promise<GroupMappingDto> {
  authorize(actor, "identity.manage");
  const data = parseInput(mappingInput, input);
  if (!(await db.identityProvider.findUnique({ where: { id: data.providerId } })))
    throw appError("VALIDATION", "identityErrors.unknownProvider", undefined, "No identity provider with this id.", {
      details: [problem("providerId", "fieldErrors.unknownProvider", undefined, "Unknown provider")],
    });
  if ("tenantId" in data && !(await db.tenant.findUnique({ where: { id: data.tenantId } })))
    throw appError("VALIDATION", "identityErrors.unknownTenant", undefined, "No tenant with this id.", {
      details: [problem("tenantId", "fieldErrors.unknownTenant", undefined, "Unknown tenant")],
    });
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.groupMapping.create({
        data:
          "tenantId" in data
            ? { providerId: data.providerId, group: data.group, tenantId: data.tenantId, role: data.role }
            : { providerId: data.providerId, group: data.group, platformAdmin: true },
      });
      await recordAudit(tx, {
        actor,
        tenantId: row.tenantId,
        action: "identity.mapping.create",
        targetType: "group-mapping",
        targetId: row.id,
        details: { providerId: row.providerId, group: row.group, tenantId: row.tenantId, role: row.role, platformAdmin: row.platformAdmin },
      });
      return toDto(row);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw appError("CONFLICT", "identityErrors.mappingExists", undefined, "This mapping exists already.");
    throw e;
  }
}

/** Deletes a rule; the rights it gave go at the next login or sync of each user. */
export async function deleteGroupMapping({ actor, mappingId }: { actor: Actor; mappingId: unknown }): Promise<void> {
  authorize(actor, "identity.manage");
  const mid = parseInput(id, mappingId);
  await db.$transaction(async (tx) => {
    const row = await tx.groupMapping.findUnique({ where: { id: mid } });
    if (!row) throw notFound("Group mapping");
    await tx.groupMapping.delete({ where: { id: mid } });
    await recordAudit(tx, {
      actor,
      tenantId: row.tenantId,
      action: "identity.mapping.delete",
      targetType: "group-mapping",
      targetId: mid,
      details: { providerId: row.providerId, group: row.group, tenantId: row.tenantId, role: row.role, platformAdmin: row.platformAdmin },
    });
  });
}

const RANK: Record<TenantRole, number> = { viewer: 1, member: 2, owner: 3 };

/** What the rules grant for these groups: tenant → strongest role, and platform admin. */
export function desiredAccess(
  mappings: { group: string; tenantId: string | null; role: string | null; platformAdmin: boolean }[],
  groups: { dn?: string; name: string }[],
): { roles: Map<string, TenantRole>; platformAdmin: boolean } {
  const names = new Set(
    groups
      .flatMap((g) => [g.name, g.dn ?? ""])
      .filter(Boolean)
      .map((x) => x.toLowerCase()),
  );
  const roles = new Map<string, TenantRole>();
  let platformAdmin = false;
  for (const m of mappings) {
    if (!names.has(m.group.trim().toLowerCase())) continue;
    if (m.platformAdmin) platformAdmin = true;
    else if (m.tenantId && m.role && (TENANT_ROLES as readonly string[]).includes(m.role)) {
      const r = m.role as TenantRole;
      const cur = roles.get(m.tenantId);
      if (!cur || RANK[r] > RANK[cur]) roles.set(m.tenantId, r);
    }
  }
  return { roles, platformAdmin };
}

/** Applies a provider's rules to one user for the groups the provider reports now. */
export async function applyGroupMappings(
  providerId: string,
  user: User,
  groups: { dn?: string; name: string }[],
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ changed: boolean; revoked: boolean }> {
  const mappings = await db.groupMapping.findMany({ where: { providerId } });
  const want = desiredAccess(mappings, groups);
  const out = await db.$transaction(async (tx) => {
    const current = await tx.membership.findMany({ where: { userId: user.id } });
    const added: string[] = [];
    const removed: string[] = [];
    const changed: string[] = [];
    for (const [tenantId, role] of want.roles) {
      const m = current.find((c) => c.tenantId === tenantId);
      if (!m) {
        await tx.membership.create({ data: { tenantId, userId: user.id, role, source: providerId } });
        added.push(`${tenantId}:${role}`);
      } else if (m.source === providerId && m.role !== role) {
        await tx.membership.update({ where: { id: m.id }, data: { role } });
        changed.push(`${tenantId}:${m.role}->${role}`);
      }
    }
    for (const m of current) {
      if (m.source === providerId && !want.roles.has(m.tenantId)) {
        await tx.membership.delete({ where: { id: m.id } });
        removed.push(`${m.tenantId}:${m.role}`);
      }
    }
    let admin: "granted" | "removed" | undefined;
    if (want.platformAdmin && !user.platformAdmin) {
      await tx.user.update({ where: { id: user.id }, data: { platformAdmin: true, platformAdminBy: providerId } });
      admin = "granted";
    } else if (!want.platformAdmin && user.platformAdmin && user.platformAdminBy === providerId) {
      await tx.user.update({ where: { id: user.id }, data: { platformAdmin: false, platformAdminBy: null } });
      admin = "removed";
    }
    const any = added.length + removed.length + changed.length > 0 || admin !== undefined;
    if (any) {
      await recordAudit(tx, {
        actor,
        action: "identity.mapping.apply",
        targetType: "user",
        targetId: user.id,
        details: { providerId, email: user.email, added, removed, changed, platformAdmin: admin },
      });
    }
    const demoted = changed.some((c) => {
      const [, roles] = c.split(":");
      const [a, b] = roles.split("->") as TenantRole[];
      return RANK[b] < RANK[a];
    });
    return { changed: any, revoked: removed.length > 0 || admin === "removed" || demoted };
  });
  if (out.revoked) announceAccessChange(user.id);
  return out;
}

export type LinkOutcome = { status: "ok"; user: User } | { status: "refused"; reason: "local-account-exists" | "disabled" };

/** The portal user linked to this directory/OIDC account by its stable id; created on first
 * login. An existing account with the same email is never taken over. */
export async function linkExternalUser(providerId: string, ext: { externalId: string; email: string; name: string; username: string }): Promise<LinkOutcome> {
  const link = await db.userIdentity.findUnique({ where: { providerId_externalId: { providerId, externalId: ext.externalId } }, include: { user: true } });
  if (link) {
    const data: { name?: string; email?: string } = {};
    if (ext.name && ext.name !== link.user.name) data.name = ext.name.slice(0, 120);
    if (ext.email && ext.email !== link.user.email && !(await db.user.findUnique({ where: { email: ext.email } }))) data.email = ext.email;
    const user = Object.keys(data).length ? await db.user.update({ where: { id: link.userId }, data }) : link.user;
    await db.userIdentity.update({ where: { id: link.id }, data: { lastSeenAt: new Date(), username: ext.username.slice(0, 200) } });
    return { status: "ok", user };
  }
  const email = (ext.email || `${ext.username}@${providerId}.directory.invalid`).toLowerCase().slice(0, 200);
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) {
    await recordAudit(db, {
      actor: SYSTEM_ACTOR,
      action: "identity.link.refused",
      targetType: "user",
      targetId: existing.id,
      result: "denied",
      details: { providerId, email, reason: "an account with this email exists and is not linked to this provider" },
    });
    return { status: "refused", reason: "local-account-exists" };
  }
  try {
    const user = await db.$transaction(async (tx) => {
      const u = await tx.user.create({ data: { email, name: (ext.name || ext.username).slice(0, 120), passwordHash: `!external:${providerId}` } });
      await tx.userIdentity.create({ data: { userId: u.id, providerId, externalId: ext.externalId, username: ext.username.slice(0, 200) } });
      await recordAudit(tx, {
        actor: SYSTEM_ACTOR,
        action: "identity.user.create",
        targetType: "user",
        targetId: u.id,
        details: { providerId, email, username: ext.username },
      });
      return u;
    });
    return { status: "ok", user };
  } catch (e) {
    if (isUniqueViolation(e)) return linkExternalUser(providerId, ext); // a concurrent first login
    throw e;
  }
}
