// Claiming a job, safe with several portal processes on one database. A job is claimable when it
// is pending, or running under a lease that expired (its process died: the job is taken over).
// Jobs with a lockKey run one at a time across processes, oldest first: a job of a key is never
// claimed while another job of that key is running (even under an expired lease: that one is
// taken over first) or an older one of that key is still pending.
//   PostgreSQL: one statement, the candidate row locked with FOR UPDATE SKIP LOCKED, so concurrent
//               claimers never wait on each other and never get the same row.
//   SQLite:     the same rule chosen in code, then one conditional UPDATE (compare-and-set on
//               status and lease) that only one claimer can win; SQLite is one process.
// A claim counts an attempt, except when it takes back the claimer's own job (same lease owner):
// that job is still running in this process, and the claim only renews its lease.
import { Prisma } from "@prisma/client";
import { databaseUrl, db } from "@/lib/db";
import { isPostgresUrl } from "@/lib/db/process-identity";
import { renewJobLeasesPg, usesLivenessPool } from "@/lib/db/liveness";

export interface Claimed {
  id: string;
  kind: string;
  /** the job was running elsewhere and its lease expired: this claim takes it over */
  takenOver: boolean;
}

export interface ClaimOptions {
  owner: string;
  kinds: string[];
  leaseMs: number;
  now?: Date;
}

export async function claimNextJob(opts: ClaimOptions): Promise<Claimed | null> {
  if (opts.kinds.length === 0) return null;
  return isPostgresUrl(databaseUrl()) ? claimPostgres(opts) : claimSqlite(opts);
}

async function claimPostgres({ owner, kinds, leaseMs, now = new Date() }: ClaimOptions): Promise<Claimed | null> {
  const until = new Date(now.getTime() + leaseMs);
  // Timestamps are UTC without zone (Prisma's TIMESTAMP(3)): the parameters are UTC instants.
  const rows = await db.$queryRaw<{ id: string; kind: string; takenOver: boolean }[]>(Prisma.sql`
    WITH candidate AS (
      SELECT j."id", (j."status" = 'running') AS "takenOver"
      FROM "Job" j
      WHERE j."kind" IN (${Prisma.join(kinds)})
        AND (
          j."status" = 'pending'
          OR (j."status" = 'running' AND (j."leaseExpiresAt" IS NULL OR j."leaseExpiresAt" < (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')))
        )
        AND (
          j."lockKey" IS NULL
          OR (
            NOT EXISTS (SELECT 1 FROM "Job" r WHERE r."lockKey" = j."lockKey" AND r."status" = 'running' AND r."id" <> j."id")
            AND (j."status" = 'running' OR NOT EXISTS (
              SELECT 1 FROM "Job" o WHERE o."lockKey" = j."lockKey" AND o."status" = 'pending' AND o."id" <> j."id"
                AND (o."createdAt" < j."createdAt" OR (o."createdAt" = j."createdAt" AND o."id" < j."id"))
            ))
          )
        )
      ORDER BY j."createdAt" ASC, j."id" ASC
      LIMIT 1
      FOR UPDATE OF j SKIP LOCKED
    )
    UPDATE "Job" AS t
    SET "status" = 'running',
        "startedAt" = COALESCE(t."startedAt", (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')),
        "attempts" = t."attempts" + (CASE WHEN t."status" = 'running' AND t."leaseOwner" = ${owner} THEN 0 ELSE 1 END),
        "leaseOwner" = ${owner},
        "leaseExpiresAt" = (${until.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    FROM candidate
    WHERE t."id" = candidate."id"
    RETURNING t."id", t."kind", candidate."takenOver"`);
  const r = rows[0];
  return r ? { id: r.id, kind: r.kind, takenOver: Boolean(r.takenOver) } : null;
}

async function claimSqlite({ owner, kinds, leaseMs, now = new Date() }: ClaimOptions): Promise<Claimed | null> {
  const expired = { OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] };
  // One read is one consistent snapshot: the running jobs of every key and the candidates. (Two
  // reads could miss a job of a key that went from pending to running in between.)
  const rows = await db.job.findMany({
    where: { OR: [{ status: "pending", kind: { in: kinds } }, { status: "running" }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const busy = new Map<string, string>();
  for (const r of rows) if (r.status === "running" && r.lockKey && !busy.has(r.lockKey)) busy.set(r.lockKey, r.id);
  const isExpired = (d: Date | null) => d === null || d.getTime() < now.getTime();
  const seenKeys = new Set<string>();
  for (const job of rows) {
    const takenOver = job.status === "running";
    if (takenOver && (!kinds.includes(job.kind) || !isExpired(job.leaseExpiresAt))) continue;
    if (job.lockKey) {
      const holder = busy.get(job.lockKey);
      const blocked = (holder && holder !== job.id) || (!takenOver && seenKeys.has(job.lockKey));
      seenKeys.add(job.lockKey);
      if (blocked) continue;
    }
    // this process's own job whose lease ran out while it ran (a held-up heartbeat): the claim only
    // renews the lease, it is not another attempt (the worker does not run it again, worker.ts)
    const ownLease = takenOver && job.leaseOwner === owner;
    const claimed = await db.job.updateMany({
      where: takenOver ? { id: job.id, status: "running", ...expired } : { id: job.id, status: "pending" },
      data: {
        status: "running",
        startedAt: job.startedAt ?? now,
        ...(ownLease ? {} : { attempts: { increment: 1 } }),
        leaseOwner: owner,
        leaseExpiresAt: new Date(now.getTime() + leaseMs),
      },
    });
    if (claimed.count === 1) return { id: job.id, kind: job.kind, takenOver };
  }
  return null;
}

/** Renews this process's leases; returns the ids another process holds now (a finished job is not lost). */
export async function renewLeases(owner: string, ids: string[], leaseMs: number, now = new Date()): Promise<string[]> {
  if (ids.length === 0) return [];
  const until = new Date(now.getTime() + leaseMs);
  if (usesLivenessPool()) return renewJobLeasesPg(owner, ids, until);
  await db.job.updateMany({ where: { id: { in: ids }, status: "running", leaseOwner: owner }, data: { leaseExpiresAt: until } });
  const lost = await db.job.findMany({ where: { id: { in: ids }, status: "running", NOT: { leaseOwner: owner } }, select: { id: true } });
  const handedBack = await db.job.findMany({ where: { id: { in: ids }, status: "running", leaseOwner: null }, select: { id: true } });
  return [...lost, ...handedBack].map((r) => r.id);
}

/** Hands a running job back (graceful shutdown): its lease expires now, so another process takes
 * it over at once and resumes it from its recorded step (it keeps its place for its lockKey). */
export async function releaseJob(owner: string, id: string): Promise<boolean> {
  const r = await db.job.updateMany({ where: { id, status: "running", leaseOwner: owner }, data: { leaseOwner: null, leaseExpiresAt: new Date(0) } });
  return r.count === 1;
}
