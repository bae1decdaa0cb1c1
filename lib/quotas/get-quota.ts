import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantRowScope, type Actor } from "@/lib/policy";
import { id, parseInput } from "@/lib/validation";
import { quotaQuery } from "./quota-input";
import { readLimits, readSnapshot } from "./quota-store";
import { totals } from "./quota-model";
import type { QuotaDto } from "./quota-dto";

/** A tenant's limits and current use (overall, or one environment's with `?environmentId=`). */
export async function getQuota({ actor, tenantId, query }: { actor: Actor; tenantId: unknown; query?: unknown }): Promise<QuotaDto> {
  const tid = parseInput(id, tenantId);
  const q = parseInput(quotaQuery, query ?? {});
  const tenant = await db.tenant.findFirst({ where: { AND: [{ id: tid }, tenantRowScope(actor)] }, select: { id: true } });
  if (!tenant) throw notFound("Tenant");
  authorize(actor, "quota.read", { tenantId: tenant.id, kind: "Tenant" });
  const [limits, snapshot] = await Promise.all([readLimits(db, tenant.id, q.environmentId), readSnapshot(db, tenant.id)]);
  return {
    tenantId: tenant.id,
    environmentId: q.environmentId ?? null,
    limits: q.environmentId ? limits.environment : limits.tenant,
    used: totals(snapshot, q.environmentId),
    own: q.environmentId ? true : limits.own,
  };
}
