// GET /api/v1/alerts?tenantId=&state=: alert history (newest first) and
// GET /api/v1/notifications?tenantId=: the in-portal notification list.
import { db } from "@/lib/db";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput, z } from "@/lib/validation";

export interface AlertDto {
  id: string;
  tenantId: string;
  ruleId: string;
  ruleName: string;
  kind: string;
  label: string;
  state: "pending" | "firing" | "resolved";
  value: number | null;
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
}

export interface NotificationDto {
  id: string;
  tenantId: string;
  alertId: string;
  ruleName: string;
  event: "firing" | "resolved";
  label: string;
  webhook: string | null;
  email: string | null;
  createdAt: string;
}

const alertQuery = z.object({ tenantId: id.optional(), state: z.enum(["pending", "firing", "resolved"]).optional() }).strict();
const notificationQuery = z.object({ tenantId: id.optional() }).strict();

export async function listAlerts({ actor, query: q }: { actor: Actor; query?: unknown }): Promise<{ items: AlertDto[] }> {
  const { tenantId, state } = parseInput(alertQuery, q ?? {});
  const rows = await db.alert.findMany({
    where: { AND: [tenantId ? (authorize(actor, "alert.read", { tenantId, kind: "Tenant" }), { tenantId }) : tenantScope(actor), state ? { state } : {}] },
    include: { rule: { select: { name: true, kind: true } } },
    orderBy: { since: "desc" },
    take: 500,
  });
  return {
    items: rows.map((a) => ({
      id: a.id,
      tenantId: a.tenantId,
      ruleId: a.ruleId,
      ruleName: a.rule.name,
      kind: a.rule.kind,
      label: a.label,
      state: a.state as AlertDto["state"],
      value: a.value,
      since: a.since.toISOString(),
      firedAt: a.firedAt?.toISOString() ?? null,
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
    })),
  };
}

export async function listNotifications({ actor, query: q }: { actor: Actor; query?: unknown }): Promise<{ items: NotificationDto[] }> {
  const { tenantId } = parseInput(notificationQuery, q ?? {});
  const where = tenantId ? (authorize(actor, "alert.read", { tenantId, kind: "Tenant" }), { tenantId }) : tenantScope(actor);
  const rows = await db.alertNotification.findMany({ where, orderBy: { createdAt: "desc" }, take: 200 });
  return {
    items: rows.map((n) => ({
      id: n.id,
      tenantId: n.tenantId,
      alertId: n.alertId,
      ruleName: n.ruleName,
      event: n.event as NotificationDto["event"],
      label: n.label,
      webhook: n.webhook,
      email: n.email,
      createdAt: n.createdAt.toISOString(),
    })),
  };
}
