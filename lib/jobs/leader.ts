// Singletons by election: the reconcile loop (with the engine event watchers), the stats sampler
// and the embedded registry run in exactly one portal process at a time. Each role is a
// LeaderLease row: the process holding an unexpired lease is the leader and renews it; when that
// process dies its lease expires and another process takes the role within ttl + one renewal
// period. A leader that cannot renew (database lost, process stalled) stops its work before its
// lease can have expired. Works the same on SQLite (one process: always the leader) and PostgreSQL.
import { db, isUniqueViolation } from "@/lib/db";
import { processId } from "@/lib/db/process-identity";
import { acquireLeaderPg, usesLivenessPool } from "@/lib/db/liveness";

export type Role = "reconcile" | "stats" | "registry" | "alerts" | "portal-logs" | "host-metrics" | "replication";

export interface LeaseStore {
  /** Takes or renews the role's lease for `holder` until `until`; true when `holder` holds it. */
  acquire(role: string, holder: string, now: Date, until: Date): Promise<boolean>;
  release(role: string, holder: string): Promise<void>;
}

export const databaseLeases: LeaseStore = {
  async acquire(role, holder, now, until) {
    if (usesLivenessPool()) return acquireLeaderPg(role, holder, now, until);
    // Renew ours, or take an expired one: conditional UPDATEs only one process can win.
    const renewed = await db.leaderLease.updateMany({ where: { role, holder }, data: { expiresAt: until, renewedAt: now } });
    if (renewed.count === 1) return true;
    const taken = await db.leaderLease.updateMany({
      where: { role, expiresAt: { lt: now } },
      data: { holder, expiresAt: until, acquiredAt: now, renewedAt: now },
    });
    if (taken.count === 1) return true;
    try {
      await db.leaderLease.create({ data: { role, holder, expiresAt: until, acquiredAt: now, renewedAt: now } });
      return true;
    } catch (e) {
      if (isUniqueViolation(e)) return false; // someone else holds it (or just took it)
      throw e;
    }
  },
  async release(role, holder) {
    await db.leaderLease.deleteMany({ where: { role, holder } });
  },
};

export interface Election {
  isLeader(): boolean;
  /** Gives the role up (shutdown): the work stops, another process takes over at once. */
  stop(): Promise<void>;
}

export interface ElectionOptions {
  role: Role;
  /** Starts the singleton's work when this process becomes the leader; returns its stop. */
  lead: () => { stop(): Promise<void> } | null;
  ttlMs?: number;
  renewMs?: number;
  holder?: string;
  store?: LeaseStore;
  clock?: () => Date;
}

const g = globalThis as unknown as { __caasRoles?: Map<string, () => boolean> };
const roles = (g.__caasRoles ??= new Map());

/** The roles this process leads now (health). */
export function heldRoles(): string[] {
  return [...roles.entries()].filter(([, held]) => held()).map(([r]) => r);
}

export function startElection(opts: ElectionOptions): Election {
  const ttlMs = opts.ttlMs ?? Number(process.env.CAAS_LEADER_TTL_MS || 10_000);
  const renewMs = opts.renewMs ?? Math.max(200, Math.floor(ttlMs / 4));
  const holder = opts.holder ?? processId();
  const store = opts.store ?? databaseLeases;
  const clock = opts.clock ?? (() => new Date());
  let work: { stop(): Promise<void> } | null = null;
  let leader = false;
  let stopped = false;
  let lastRenewal = 0;
  let busy: Promise<void> = Promise.resolve();

  const resign = async (why: string) => {
    if (!leader) return;
    leader = false;
    console.log(`[leader] ${opts.role}: no longer the leader (${why})`);
    const w = work;
    work = null;
    await w?.stop().catch((e) => console.error(`[leader] ${opts.role}: stop failed:`, e));
  };

  const round = async () => {
    if (stopped) return;
    const now = clock();
    let held = false;
    try {
      held = await store.acquire(opts.role, holder, now, new Date(now.getTime() + ttlMs));
    } catch (e) {
      console.warn(`[leader] ${opts.role}: lease check failed: ${e instanceof Error ? e.message : e}`);
      // Could not renew: give the work up before the lease others see can have expired.
      if (leader && now.getTime() - lastRenewal > ttlMs - renewMs) await resign("lease not renewed");
      return;
    }
    if (stopped) return;
    if (held) {
      lastRenewal = now.getTime();
      if (!leader) {
        leader = true;
        console.log(`[leader] ${opts.role}: this process (${holder}) is the leader`);
        work = opts.lead();
      }
    } else await resign("another process holds the lease");
  };

  const timer = setInterval(() => (busy = busy.then(round)), renewMs);
  busy = busy.then(round);
  roles.set(opts.role, () => leader);

  return {
    isLeader: () => leader,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await busy.catch(() => undefined);
      const was = leader;
      await resign("shutting down");
      roles.delete(opts.role);
      if (was) await store.release(opts.role, holder).catch(() => undefined);
    },
  };
}
