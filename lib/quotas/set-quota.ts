import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { id, parseInput } from "@/lib/validation";
import { quotaInput, quotaQuery } from "./quota-input";
import { DEFAULT_KEY, environmentKey, tenantKey } from "./quota-store";
import { getQuota } from "./get-quota";
import type { QuotaDto } from "./quota-dto";

/** Admins set a tenant's quota (overall, or one environment's with `?environmentId=`). */
export async function setQuota({ actor, tenantId, query, input }: { actor: Actor; tenantId: unknown; query?: unknown; input: unknown }): Promise<QuotaDto> {
  authorize(actor, "quota.manage");
  const tid = parseInput(id, tenantId);
  const q = parseInput(quotaQuery, query ?? {});
  const data = parseInput(quotaInput, input);
  if (!(await db.tenant.findUnique({ where: { id: tid }, select: { id: true } }))) throw notFound("Tenant");
  if (q.environmentId && !(await db.environment.findUnique({ where: { id: q.environmentId }, select: { id: true } }))) throw notFound("Environment");
  const key = q.environmentId ? environmentKey(tid, q.environmentId) : tenantKey(tid);
  await db.$transaction(async (tx) => {
    // a tenant's first own quota starts from the default for tenants
    const base = q.environmentId ? null : await tx.quota.findUnique({ where: { key: DEFAULT_KEY } });
    const start = base
      ? { cpus: base.cpus, memoryMb: base.memoryMb, services: base.services, replicas: base.replicas, ports: base.ports, volumes: base.volumes }
      : {};
    await tx.quota.upsert({ where: { key }, create: { key, tenantId: tid, environmentId: q.environmentId ?? null, ...start, ...data }, update: data });
    await recordAudit(tx, {
      actor,
      tenantId: tid,
      action: "quota.update",
      targetType: "tenant",
      targetId: tid,
      details: { ...data, environmentId: q.environmentId },
    });
  });
  return getQuota({ actor, tenantId: tid, query: q });
}

/** The default quota of tenants without their own (GET/PUT /quota-defaults). */
export async function getDefaultQuota({ actor }: { actor: Actor }) {
  authorize(actor, "quota.manage");
  const r = await db.quota.findUnique({ where: { key: DEFAULT_KEY } });
  return {
    cpus: r?.cpus ?? null,
    memoryMb: r?.memoryMb ?? null,
    services: r?.services ?? null,
    replicas: r?.replicas ?? null,
    ports: r?.ports ?? null,
    volumes: r?.volumes ?? null,
  };
}

export async function setDefaultQuota({ actor, input }: { actor: Actor; input: unknown }) {
  authorize(actor, "quota.manage");
  const data = parseInput(quotaInput, input);
  await db.$transaction(async (tx) => {
    await tx.quota.upsert({ where: { key: DEFAULT_KEY }, create: { key: DEFAULT_KEY, ...data }, update: data });
    await recordAudit(tx, { actor, tenantId: null, action: "quota.default.update", targetType: "quota", targetId: DEFAULT_KEY, details: data });
  });
  return getDefaultQuota({ actor });
}
