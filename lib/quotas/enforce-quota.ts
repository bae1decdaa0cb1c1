// ─── Invariant (issue 16, T32) ───────────────────────────────────────────────────────────────────
// The one quota check. Every path that creates or grows engine objects (deploy, redeploy,
// rollback, image and template deploys through createApp, scale) runs its state change inside
// withQuota, before any engine call. The check and the write of the new desired state happen under
// one lock per tenant (in-process mutex; a PostgreSQL advisory lock across processes, see
// lib/jobs/keyed-mutex), so concurrent requests are judged one after the other against what the
// ones before them wrote: together they never exceed a quota.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { withLock } from "@/lib/jobs/keyed-mutex";
import { apply, breaches, QUOTA_KEYS, quotaError, totals, type QuotaLimits, type QuotaRequest } from "./quota-model";
import { readLimits, readSnapshot } from "./quota-store";

/** The view tenant of an admin looking at a shared environment (lib/environments): owns nothing. */
const NO_TENANT = "platform";

const hasLimit = (l: QuotaLimits) => QUOTA_KEYS.some((k) => l[k] !== null);

/** Throws CONFLICT naming the quota, the current use, the request and the limit; else nothing. */
export async function checkQuota(r: QuotaRequest): Promise<void> {
  if (r.tenantId === NO_TENANT || !r.tenantId) {
    throw new AppError(
      "VALIDATION",
      "Choose the tenant this app belongs to.",
      [{ path: "tenantId", message: "Choose a tenant", key: "fieldErrors.chooseTenant" }],
      {
        i18n: { key: "quota.errors.chooseTenant" },
      },
    );
  }
  const limits = await readLimits(db, r.tenantId, r.environmentId);
  // No limit applies: nothing can be breached, and the tenant's use (every app's revision, read and
  // parsed) is not read — a deploy's cost then does not grow with the tenant's apps (issue 20).
  if (!hasLimit(limits.tenant) && !hasLimit(limits.environment)) return;
  const before = await readSnapshot(db, r.tenantId);
  const after = apply(before, r);
  const found = [
    ...breaches(totals(before), totals(after), limits.tenant, "tenant"),
    ...breaches(totals(before, r.environmentId), totals(after, r.environmentId), limits.environment, "environment"),
  ];
  if (found.length) throw quotaError(found);
}

/**
 * Checks `r` and runs `fn` (which writes the new desired state) under the tenant's quota lock, then
 * under `innerLock` when given (the caller's own lock, e.g. the environment's revisions lock).
 */
export async function withQuota<T>(r: QuotaRequest, innerLock: string | null, fn: () => Promise<T>): Promise<T> {
  return withLock(`quota:${r.tenantId}`, async () => {
    await checkQuota(r);
    return innerLock ? withLock(innerLock, fn) : fn();
  });
}
