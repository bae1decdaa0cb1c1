// GET /api/v1/alert-rules?tenantId=: the rules of the caller's tenants (or of one of them).
import { db } from "@/lib/db";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id, parseInput, z } from "@/lib/validation";
import { toAlertRuleDto, type AlertRuleDto } from "./alert-rule-dto";

const query = z.object({ tenantId: id.optional() }).strict();

export async function listAlertRules({ actor, query: q }: { actor: Actor; query?: unknown }): Promise<{ items: AlertRuleDto[] }> {
  const { tenantId } = parseInput(query, q ?? {});
  const where = tenantId ? (authorize(actor, "alert.read", { tenantId, kind: "Tenant" }), { tenantId }) : tenantScope(actor);
  const rows = await db.alertRule.findMany({ where, orderBy: { createdAt: "asc" }, take: 500 });
  return { items: rows.map(toAlertRuleDto) };
}
