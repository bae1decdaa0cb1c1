import { containsText, db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { authorize, type Actor, roleAllows } from "@/lib/policy";
import { pageArgs, pageQuery, parseInput, toPage, z } from "@/lib/validation";

const input = pageQuery.extend({
  tenantId: z.string().max(64).optional(),
  action: z.string().max(80).optional(),
  actor: z.string().max(200).optional(),
  result: z.enum(["ok", "denied", "error"]).optional(),
});

export interface AuditEventDto {
  id: string;
  createdAt: string;
  actorEmail: string;
  tenantId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  result: string;
  details: Record<string, unknown>;
}

/** Owners see their tenants' events; admins see all (optionally one tenant). */
export async function listAudit({ actor, query }: { actor: Actor; query: unknown }) {
  const q = parseInput(input, query);
  let tenantFilter: object;
  if (q.tenantId) {
    authorize(actor, "audit.read", { tenantId: q.tenantId, kind: "Tenant" });
    tenantFilter = { tenantId: q.tenantId };
  } else if (actor.platformAdmin) {
    tenantFilter = {};
  } else {
    const owned = [...actor.roles].filter(([, r]) => roleAllows(r, "audit.read")).map(([t]) => t);
    if (owned.length === 0) throw appError("FORBIDDEN", "auditErrors.ownersOnly", undefined, "Only tenant owners and platform admins can read the audit log.");
    tenantFilter = { tenantId: { in: owned } };
  }
  const rows = await db.auditEvent.findMany({
    where: {
      ...tenantFilter,
      ...(q.action ? { action: containsText(q.action) } : {}),
      ...(q.actor ? { actorEmail: containsText(q.actor) } : {}),
      ...(q.result ? { result: q.result } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(q),
  });
  const page = toPage(rows, q);
  return {
    items: page.items.map(
      (r): AuditEventDto => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        actorEmail: r.actorEmail,
        tenantId: r.tenantId,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        result: r.result,
        details: JSON.parse(r.detailsJson),
      }),
    ),
    nextCursor: page.nextCursor,
  };
}
