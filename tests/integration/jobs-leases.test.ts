// Job claims and leases on the tier's real database (SQLite in `integration`, PostgreSQL in
// `integration-pg`): several claimers as if they were several processes never get the same job,
// jobs of one lockKey never overlap and run oldest first, an expired lease is taken over exactly
// once, a renewed one never. The jobs are of a kind the running portal has no handler for, so only
// this suite claims them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, isUniqueViolation } from "@/lib/db";
import { insertRows, rowId } from "@/lib/db/sql-rows";
import { claimNextJob, releaseJob, renewLeases } from "@/lib/jobs/claim";
import type { Actor } from "@/lib/policy";

const KIND = `test.lease.${Date.now()}`;
const kinds = [KIND];

async function seed(n: number, keyOf: (i: number) => string | null) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    // distinct createdAt so "oldest first" is well defined on both providers
    const j = await db.job.create({ data: { kind: KIND, lockKey: keyOf(i), createdAt: new Date(Date.UTC(2020, 0, 1) + i * 1000 + (Date.now() % 1000)) } });
    ids.push(j.id);
  }
  return ids;
}

afterAll(async () => {
  await db.job.deleteMany({ where: { kind: KIND } });
});

/** The job's row once it is no longer pending or running (or as it is after 5 s). */
async function settledRow(id: string) {
  let row = await db.job.findUniqueOrThrow({ where: { id } });
  for (let i = 0; i < 100 && ["pending", "running"].includes(row.status); i++) {
    await new Promise((res) => setTimeout(res, 50));
    row = await db.job.findUniqueOrThrow({ where: { id } });
  }
  return row;
}

describe("claims across processes", () => {
  beforeAll(async () => {
    await db.job.deleteMany({ where: { kind: KIND } });
  });

  it("three concurrent claimers: every job exactly once, one job per lockKey at a time, oldest first", async () => {
    const ids = await seed(36, (i) => (i % 3 === 0 ? null : `app:${i % 4}`));
    const order = new Map(ids.map((id, i) => [id, i]));
    const claimedBy = new Map<string, string[]>();
    const runningKeys = new Map<string, string>();
    const overlaps: string[] = [];
    const startedPerKey = new Map<string, number[]>();
    const rows = new Map((await db.job.findMany({ where: { kind: KIND } })).map((r) => [r.id, r]));

    const claimer = async (owner: string) => {
      let idle = 0;
      while (idle < 5) {
        const c = await claimNextJob({ owner, kinds, leaseMs: 30_000 });
        if (!c) {
          idle++;
          await new Promise((r) => setTimeout(r, 30));
          continue;
        }
        idle = 0;
        claimedBy.set(c.id, [...(claimedBy.get(c.id) ?? []), owner]);
        const key = rows.get(c.id)!.lockKey;
        if (key) {
          if (runningKeys.has(key)) overlaps.push(`${key}: ${runningKeys.get(key)} and ${c.id}`);
          runningKeys.set(key, c.id);
          startedPerKey.set(key, [...(startedPerKey.get(key) ?? []), order.get(c.id)!]);
        }
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 15));
        if (key) runningKeys.delete(key);
        const done = await db.job.updateMany({
          where: { id: c.id, leaseOwner: owner },
          data: { status: "succeeded", leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() },
        });
        expect(done.count).toBe(1);
      }
    };
    await Promise.all(["p1", "p2", "p3"].map(claimer));

    expect([...claimedBy.keys()].sort()).toEqual([...ids].sort());
    expect([...claimedBy.values()].filter((o) => o.length !== 1)).toEqual([]);
    expect(overlaps).toEqual([]);
    for (const [key, started] of startedPerKey) expect(started, key).toEqual([...started].sort((a, b) => a - b));
    expect(await db.job.count({ where: { kind: KIND, status: { not: "succeeded" } } })).toBe(0);
  });

  it("a lease that expired is taken over exactly once; a renewed one is not; a pending job of its key waits", async () => {
    const [dead, next] = await seed(2, () => "app:takeover");
    const t0 = new Date();
    const first = await claimNextJob({ owner: "dying", kinds, leaseMs: 1_000, now: t0 });
    expect(first).toEqual({ id: dead, kind: KIND, takenOver: false });
    // while it runs (lease live) nobody gets it, nor the next job of its key
    expect(await claimNextJob({ owner: "other", kinds, leaseMs: 30_000, now: new Date(t0.getTime() + 500) })).toBeNull();
    // the holder renews: still nobody after the first lease would have expired
    expect(await renewLeases("dying", [dead], 5_000, new Date(t0.getTime() + 900))).toEqual([]);
    expect(await claimNextJob({ owner: "other", kinds, leaseMs: 30_000, now: new Date(t0.getTime() + 2_000) })).toBeNull();
    // the holder dies (no more renewals): after expiry exactly one of two racing claimers takes it over
    const later = new Date(t0.getTime() + 6_000);
    const race = await Promise.all([
      claimNextJob({ owner: "a", kinds, leaseMs: 30_000, now: later }),
      claimNextJob({ owner: "b", kinds, leaseMs: 30_000, now: later }),
    ]);
    const winners = race.filter((r) => r !== null);
    expect(winners).toEqual([{ id: dead, kind: KIND, takenOver: true }]);
    const row = await db.job.findUniqueOrThrow({ where: { id: dead } });
    expect(row.attempts).toBe(2);
    expect(["a", "b"]).toContain(row.leaseOwner);
    // the dead holder's heartbeat learns it lost the job
    expect(await renewLeases("dying", [dead], 5_000)).toEqual([dead]);
    // the next job of the key still waits for the taken-over one
    expect(await claimNextJob({ owner: "c", kinds, leaseMs: 30_000, now: later })).toBeNull();
    // a graceful hand-back lets another process take it over at once
    expect(await releaseJob(row.leaseOwner!, dead)).toBe(true);
    const again = await claimNextJob({ owner: "c", kinds, leaseMs: 30_000 });
    expect(again).toEqual({ id: dead, kind: KIND, takenOver: true });
    await db.job.update({ where: { id: dead }, data: { status: "succeeded", leaseOwner: null } });
    expect(await claimNextJob({ owner: "c", kinds, leaseMs: 30_000 })).toEqual({ id: next, kind: KIND, takenOver: false });
  });
});

describe("the worker: takeover, resume, hand-back", () => {
  const RESUMABLE = `${KIND}.resumable`;
  const ONCE = `${KIND}.once`;
  const SLOW = `${KIND}.slow`;
  const seen: { kind: string; resumed: boolean; step: string | null }[] = [];
  const recovered: string[] = [];
  let release: () => void = () => undefined;

  afterAll(async () => {
    await db.job.deleteMany({ where: { kind: { in: [RESUMABLE, ONCE, SLOW] } } });
  });

  it("a dead process's resumable job runs again from its step; another kind is recovered and failed; SIGTERM hands a running job back", async () => {
    const { registerJobHandler, startWorker } = await import("@/lib/jobs/worker");
    registerJobHandler(RESUMABLE, {
      resumable: true,
      async run(ctx) {
        seen.push({ kind: RESUMABLE, resumed: ctx.resumed, step: ctx.step });
        await ctx.recordStep("services-created");
        return { ok: true };
      },
    });
    registerJobHandler(ONCE, {
      async run() {
        seen.push({ kind: ONCE, resumed: true, step: null });
        return {};
      },
      async recover(ctx) {
        recovered.push(ctx.id);
      },
    });
    registerJobHandler(SLOW, {
      resumable: true,
      run: (ctx) =>
        new Promise((resolve) => {
          seen.push({ kind: SLOW, resumed: ctx.resumed, step: ctx.step });
          release = () => resolve({});
        }),
    });
    // Two jobs a dead process left running, its lease long expired, one with a recorded step.
    const expired = new Date(Date.now() - 60_000);
    const r = await db.job.create({
      data: { kind: RESUMABLE, status: "running", attempts: 1, leaseOwner: "dead:1:x", leaseExpiresAt: expired, step: "network-created" },
    });
    const o = await db.job.create({ data: { kind: ONCE, status: "running", attempts: 1, leaseOwner: "dead:1:x", leaseExpiresAt: expired } });
    const w = await startWorker({ owner: "test:worker:1", leaseMs: 3_000, pollMs: 100, adoptAll: false });
    try {
      const done = async (id: string) => {
        for (let i = 0; i < 100; i++) {
          const j = await db.job.findUniqueOrThrow({ where: { id } });
          if (j.status === "succeeded" || j.status === "failed") return j;
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error(`job ${id} did not end`);
      };
      const rj = await done(r.id);
      expect(rj.status).toBe("succeeded");
      expect(rj.attempts).toBe(2);
      expect(rj.step).toBe("services-created");
      expect(seen.find((s) => s.kind === RESUMABLE)).toEqual({ kind: RESUMABLE, resumed: true, step: "network-created" });
      const oj = await done(o.id);
      expect(oj.status).toBe("failed");
      expect(oj.error).toMatch(/stopped/);
      expect(recovered).toEqual([o.id]);
      expect(seen.some((s) => s.kind === ONCE)).toBe(false); // never run twice

      // A running job at shutdown: the grace period ends, the job is handed back for another process.
      const s = await db.job.create({ data: { kind: SLOW } });
      for (let i = 0; i < 50 && !seen.some((x) => x.kind === SLOW); i++) await new Promise((res) => setTimeout(res, 100));
      expect(w.state().running).toContain(s.id);
      await w.stop({ graceMs: 200 });
      expect(w.state().claiming).toBe(false);
      const handed = await db.job.findUniqueOrThrow({ where: { id: s.id } });
      expect(handed.status).toBe("running");
      expect(handed.leaseOwner).toBeNull();
      expect(handed.leaseExpiresAt!.getTime()).toBeLessThan(Date.now());
      release(); // the old run ends late: its outcome is not written
      await new Promise((res) => setTimeout(res, 200));
      expect((await db.job.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("running");
      expect(await claimNextJob({ owner: "next", kinds: [SLOW], leaseMs: 5_000 })).toEqual({ id: s.id, kind: SLOW, takenOver: true });
    } finally {
      await w.stop();
    }
  });
});

describe("the worker claims on notification", () => {
  const NOTIFIED = `${KIND}.notified`;

  afterAll(async () => {
    await db.job.deleteMany({ where: { kind: NOTIFIED } });
  });

  it("a job enqueued in a transaction that commits late is claimed on its signal, with the poll timer out of the way", async () => {
    const { registerJobHandler, startWorker } = await import("@/lib/jobs/worker");
    const { enqueueJob } = await import("@/lib/jobs/enqueue-job");
    const ran: string[] = [];
    registerJobHandler(NOTIFIED, {
      async run(ctx) {
        ran.push(ctx.id);
        return {};
      },
    });
    // The timer fires every 10 minutes: only the enqueue signal can start the job within the test.
    const w = await startWorker({ owner: "test:notified:1", leaseMs: 5_000, pollMs: 600_000, adoptAll: false });
    try {
      // The signal leaves at enqueue, before the transaction commits (as the portal's use-cases do):
      // the worker must still find the row once it is committed.
      const id = await db.$transaction(async (tx) => {
        const job = await enqueueJob(tx, { kind: NOTIFIED, payload: {} });
        await new Promise((res) => setTimeout(res, 150));
        return job.id;
      });
      const row = await settledRow(id);
      expect(row.status).toBe("succeeded");
      expect(row.leaseOwner).toBeNull();
      expect(ran).toEqual([id]);
    } finally {
      await w.stop();
    }
  });
});

describe("the worker yields to a burst of requests (issue 20)", () => {
  const YIELDING = `${KIND}.yield`;

  afterAll(async () => {
    await db.job.deleteMany({ where: { kind: YIELDING } });
  });

  it("claims no new job while yieldTo says so, claims it once the burst is over, and after maxYieldMs at the latest", async () => {
    const { registerJobHandler, startWorker } = await import("@/lib/jobs/worker");
    const { enqueueJob } = await import("@/lib/jobs/enqueue-job");
    registerJobHandler(YIELDING, { run: async () => ({}) });
    // a failed job's status carries its error, so an unexpected failure says why
    const statusOf = async (id: string) => {
      const j = await db.job.findUniqueOrThrow({ where: { id } });
      return j.status === "failed" ? `failed: ${j.error} (attempts ${j.attempts})` : j.status;
    };
    const until = async (id: string, status: string) => {
      for (let i = 0; i < 200 && (await statusOf(id)) !== status; i++) await new Promise((res) => setTimeout(res, 25));
      return statusOf(id);
    };
    let burst = true;
    let asked = 0;
    const w = await startWorker({
      owner: "test:yield:1",
      leaseMs: 5_000,
      pollMs: 50,
      adoptAll: false,
      maxYieldMs: 60_000,
      yieldTo: () => (asked++, burst),
    });
    try {
      const first = await enqueueJob(db, { kind: YIELDING, payload: {} });
      // the worker keeps looking (its timer and its re-checks) but leaves the job alone
      await new Promise((res) => setTimeout(res, 600));
      expect(await statusOf(first.id)).toBe("pending");
      expect(asked).toBeGreaterThan(5);
      burst = false;
      expect(await until(first.id, "succeeded")).toBe("succeeded");
    } finally {
      await w.stop();
    }
    // a burst that does not end: new jobs wait maxYieldMs, then run as usual
    const w2 = await startWorker({ owner: "test:yield:2", leaseMs: 5_000, pollMs: 50, adoptAll: false, maxYieldMs: 300, yieldTo: () => true });
    try {
      const second = await enqueueJob(db, { kind: YIELDING, payload: {} });
      expect(await until(second.id, "succeeded")).toBe("succeeded");
    } finally {
      await w2.stop();
    }
  });
});

describe("a lease that ran out while this process still runs the job", () => {
  const LATE = `${KIND}.late`;

  afterAll(async () => {
    await db.job.deleteMany({ where: { kind: LATE } });
  });

  it("is renewed by the worker's own claim, not taken over by it: the one run finishes the job as it ended", async () => {
    const { registerJobHandler, startWorker } = await import("@/lib/jobs/worker");
    const { enqueueJob } = await import("@/lib/jobs/enqueue-job");
    let runs = 0;
    registerJobHandler(LATE, {
      async run(ctx) {
        runs++;
        // a heartbeat held up past the lease (a loaded machine): the row says the lease expired
        await db.job.update({ where: { id: ctx.id }, data: { leaseExpiresAt: new Date(Date.now() - 1_000) } });
        // the worker's timer claims meanwhile (every 50 ms)
        await new Promise((res) => setTimeout(res, 600));
        return { done: true };
      },
    });
    const w = await startWorker({ owner: "test:late:1", leaseMs: 60_000, pollMs: 50, adoptAll: false });
    try {
      const job = await enqueueJob(db, { kind: LATE, payload: {} });
      const row = await settledRow(job.id);
      expect({ status: row.status, error: row.error }).toEqual({ status: "succeeded", error: null });
      expect(JSON.parse(row.resultJson!)).toEqual({ done: true });
      expect(runs).toBe(1);
      // the renewal was not another attempt: a later takeover by another process counts from 1
      expect(row.attempts).toBe(1);
    } finally {
      await w.stop();
    }
  });
});

describe("enqueueJob's plain INSERT (issue 20: no compiled model call on the deploy path)", () => {
  it("writes the row as a model call reads it back, and a repeated idempotency key is a unique violation the callers recognize", async () => {
    const { enqueueJob } = await import("@/lib/jobs/enqueue-job");
    const before = Date.now();
    const job = await enqueueJob(db, { kind: KIND, payload: { a: 1 }, tenantId: null, lockKey: "plain:1", idempotencyKey: `plain-${before}` });
    expect(job.created).toBe(true);
    const row = await db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ kind: KIND, status: "pending", progress: 0, message: "", attempts: 0, lockKey: "plain:1", tenantId: null, startedAt: null });
    expect(JSON.parse(row.payloadJson)).toEqual({ a: 1 });
    // stored in the column's own form: read back as the moment it was written (not shifted by a time zone)
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    // the oldest-first claim order sees it among rows written by model calls
    expect(await db.job.count({ where: { kind: KIND, createdAt: { gte: new Date(before - 1000) } } })).toBeGreaterThanOrEqual(1);
    // outside a transaction the same key answers the first job
    expect(await enqueueJob(db, { kind: KIND, payload: {}, idempotencyKey: `plain-${before}` })).toEqual({ id: job.id, created: false });
    // inside one (PostgreSQL aborts it), the plain INSERT's failure is what retryOnUniqueViolation retries
    const err = await insertRows(db, "Job", [{ id: rowId(), kind: KIND, idempotencyKey: `plain-${before}`, createdAt: new Date() }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(new Error("UNIQUE constraint failed"))).toBe(false);
  });
});

describe("getJob's plain SELECT (issue 20: clients poll it)", () => {
  it("answers what the model row gives, for a pending, a succeeded and a failed job, and keeps the job's scope", async () => {
    const { getJob, toJobDto } = await import("@/lib/jobs/get-job");
    const tenant = await db.tenant.create({ data: { name: `jobs-${Date.now()}`, slug: `jobs-${Date.now()}` } });
    const base = { kind: KIND, tenantId: tenant.id, createdAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)) };
    const jobs = [
      await db.job.create({ data: { ...base, message: "waiting", messageKey: "storedTexts.jobs.phase.pending" } }),
      await db.job.create({
        data: { ...base, status: "succeeded", progress: 100, message: "done", resultJson: JSON.stringify({ appId: "a1", n: 2 }), finishedAt: new Date() },
      }),
      await db.job.create({
        data: {
          ...base,
          status: "failed",
          progress: 40,
          message: "failed",
          messageKey: "storedTexts.jobs.replicasRunning",
          messageParams: JSON.stringify({ running: 1, desired: 3 }),
          error: "The deploy failed.",
          resultJson: JSON.stringify({ errorRef: { key: "deployment.errors.internal", params: { a: 1 } } }),
          finishedAt: new Date(Date.UTC(2026, 0, 2, 3, 5, 0, 1)),
        },
      }),
    ];
    const member: Actor = { userId: "u-jobs", email: "m@x.test", name: "m", platformAdmin: false, roles: new Map([[tenant.id, "member"]]), via: "token" };
    const other: Actor = { ...member, roles: new Map([["another-tenant", "owner"]]) };
    try {
      for (const j of jobs) {
        const dto = await getJob({ actor: member, jobId: j.id });
        expect(dto).toEqual(toJobDto(await db.job.findUniqueOrThrow({ where: { id: j.id } })));
        expect(dto.createdAt).toBe("2026-01-02T03:04:05.678Z");
        await expect(getJob({ actor: other, jobId: j.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
      }
      expect((await getJob({ actor: member, jobId: jobs[1].id })).result).toEqual({ appId: "a1", n: 2 });
      expect(await getJob({ actor: member, jobId: jobs[2].id })).toMatchObject({
        errorKey: "deployment.errors.internal",
        finishedAt: "2026-01-02T03:05:00.001Z",
      });
      await expect(getJob({ actor: member, jobId: "c0000000000000000000nojob" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await db.job.deleteMany({ where: { tenantId: tenant.id } });
      await db.tenant.delete({ where: { id: tenant.id } });
    }
  });
});
