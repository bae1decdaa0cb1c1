// Lease renewals (job heartbeats, leadership) on PostgreSQL go through a small pool of their own:
// under load the application's pool queues queries, and a heartbeat waiting behind the work it
// vouches for would let a live process's leases expire (another process would take its jobs and
// roles while it still runs them). Timestamps are written as UTC like Prisma's TIMESTAMP(3).
import pg from "pg";
import { databaseUrl } from "./index";
import { isPostgresUrl } from "./process-identity";

const g = globalThis as unknown as { __caasLivenessPool?: pg.Pool };

function pool(): pg.Pool {
  return (g.__caasLivenessPool ??= new pg.Pool({ connectionString: databaseUrl(), max: 2, idleTimeoutMillis: 30_000 }));
}

export const usesLivenessPool = (): boolean => isPostgresUrl(databaseUrl());

/** A UTC instant as the SQL expression's parameter: `($n::timestamptz AT TIME ZONE 'UTC')`. */
export const utc = (d: Date): string => d.toISOString();

/** Renews the leases `owner` holds among `ids`; returns the ids another process holds now (or that
 * were handed back). Finished jobs are not "lost". */
export async function renewJobLeasesPg(owner: string, ids: string[], until: Date): Promise<string[]> {
  const p = pool();
  await p.query(
    `UPDATE "Job" SET "leaseExpiresAt" = ($1::timestamptz AT TIME ZONE 'UTC') WHERE "id" = ANY($2::text[]) AND "status" = 'running' AND "leaseOwner" = $3`,
    [utc(until), ids, owner],
  );
  const lost = await p.query<{ id: string }>(
    `SELECT "id" FROM "Job" WHERE "id" = ANY($1::text[]) AND "status" = 'running' AND "leaseOwner" IS DISTINCT FROM $2`,
    [ids, owner],
  );
  return lost.rows.map((r) => r.id);
}

/** Takes or renews a role's lease in one statement; true when `holder` holds it afterwards. */
export async function acquireLeaderPg(role: string, holder: string, now: Date, until: Date): Promise<boolean> {
  const r = await pool().query<{ holder: string }>(
    `INSERT INTO "LeaderLease" ("role", "holder", "expiresAt", "acquiredAt", "renewedAt")
     VALUES ($1, $2, ($3::timestamptz AT TIME ZONE 'UTC'), ($4::timestamptz AT TIME ZONE 'UTC'), ($4::timestamptz AT TIME ZONE 'UTC'))
     ON CONFLICT ("role") DO UPDATE SET
       "holder" = EXCLUDED."holder",
       "expiresAt" = EXCLUDED."expiresAt",
       "renewedAt" = EXCLUDED."renewedAt",
       "acquiredAt" = CASE WHEN "LeaderLease"."holder" = EXCLUDED."holder" THEN "LeaderLease"."acquiredAt" ELSE EXCLUDED."acquiredAt" END
     WHERE "LeaderLease"."holder" = EXCLUDED."holder" OR "LeaderLease"."expiresAt" < EXCLUDED."renewedAt"
     RETURNING "holder"`,
    [role, holder, utc(until), utc(now)],
  );
  return r.rows[0]?.holder === holder;
}

export async function closeLivenessPool(): Promise<void> {
  const p = g.__caasLivenessPool;
  g.__caasLivenessPool = undefined;
  await p?.end().catch(() => undefined);
}
