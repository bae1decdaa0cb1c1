// The persisted job queue's worker, run inside every portal process (server.ts). Jobs are rows;
// several processes on one database share them safely:
// - a claim is atomic (lib/jobs/claim.ts) and gives the claiming process a lease it renews while the
//   job runs (heartbeat); jobs of one lockKey run one at a time across processes;
// - a job whose process died (its lease expired) is taken over by another process: a resumable
//   handler runs again from the step it recorded (its steps are idempotent), any other handler gets
//   recover() (e.g. a deploy cleans its labelled leftovers) and the job is marked failed;
// - on shutdown the worker stops claiming, lets running jobs finish within a grace period, and
//   hands the others back (lease expired at once) for another process to resume.
// pg-boss and graphile-worker were considered: both are PostgreSQL-only (SQLite must keep the same
// interface) and would keep a second queue beside the Job rows the API, idempotency keys and
// per-app ordering are built on; the lease and the claim are ~150 lines here.
import { databaseUrl, db } from "@/lib/db";
import { isPostgresUrl, processId } from "@/lib/db/process-identity";
import { storedText, storedTextColumns, toAppError, type StoredText } from "@/lib/errors";
import { emitJobSignal, jobSignals } from "./enqueue-job";
import { claimNextJob, releaseJob, renewLeases } from "./claim";

export interface JobContext {
  id: string;
  payload: Record<string, unknown>;
  tenantId: string | null;
  createdById: string | null;
  /** true when this run takes over a job another process (or an earlier run) started */
  resumed: boolean;
  /** the last step recorded by an earlier run of this job, or null */
  step: string | null;
  /** aborted when this process lost the job's lease or handed it back at shutdown */
  signal: AbortSignal;
  /** `message`: English, or a stored text with its catalog key (shown in the reader's language). */
  progress(percent: number, message?: string | StoredText): Promise<void>;
  /** Records the step reached, so a taken-over run can resume after it. */
  recordStep(step: string): Promise<void>;
}

export interface JobHandler {
  run(ctx: JobContext): Promise<unknown>;
  /** Called for a job whose process died, when the handler is not resumable (or gave up). */
  recover?(ctx: JobContext): Promise<void>;
  /** run() may be called again for a job an earlier run started: every step is idempotent. */
  resumable?: boolean;
}

/** What a handler returns when the work was cancelled on request: the job ends as `cancelled`. */
export class JobCancelled {
  constructor(readonly result?: unknown) {}
}

/** A taken-over job runs at most this many times in all before it is recovered and failed. */
export const MAX_ATTEMPTS = 3;

/** Waits between looks for a just-enqueued job whose transaction has not committed yet. */
const CHASE_MS = [5, 10, 20, 40, 80, 160, 320, 640];

/** How long new jobs wait at most while requests are in flight, and how often the worker looks again. */
export const MAX_YIELD_MS = 3_000;
const YIELD_RECHECK_MS = 20;

export const LEASE_MS = () => Math.max(2_000, Number(process.env.CAAS_JOB_LEASE_MS || 30_000));

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

const INTERRUPTED = "The portal process running this job stopped; its partial work was cleaned up. Submit it again.";

type JobRow = { id: string; payloadJson: string; tenantId: string | null; createdById: string | null; step: string | null };

function contextFor(job: JobRow, owner: string, resumed: boolean, signal: AbortSignal): JobContext {
  const mine = { id: job.id, leaseOwner: owner };
  return {
    id: job.id,
    payload: JSON.parse(job.payloadJson),
    tenantId: job.tenantId,
    createdById: job.createdById,
    resumed,
    step: job.step,
    signal,
    async progress(percent, message) {
      const r = await db.job.updateMany({
        where: mine,
        data: {
          progress: Math.max(0, Math.min(100, Math.round(percent))),
          ...(message !== undefined ? storedTextColumns(typeof message === "string" ? { message } : message) : {}),
        },
      });
      if (r.count === 1) emitJobSignal("progress", job.id);
    },
    async recordStep(step) {
      await db.job.updateMany({ where: mine, data: { step } });
    },
  };
}

/** Writes the outcome unless another process took the job over meanwhile (then its run decides). */
async function finish(
  id: string,
  owner: string | null,
  status: "succeeded" | "failed" | "cancelled",
  data: { error?: string; result?: unknown; message?: StoredText },
) {
  const r = await db.job.updateMany({
    where: { id, status: "running", ...(owner ? { leaseOwner: owner } : {}) },
    data: {
      status,
      finishedAt: new Date(),
      leaseOwner: null,
      leaseExpiresAt: null,
      ...(status === "succeeded" ? { progress: 100 } : {}),
      error: data.error ?? null,
      resultJson: data.result === undefined ? null : JSON.stringify(data.result),
      ...(data.message !== undefined ? storedTextColumns(data.message) : {}),
    },
  });
  if (r.count === 1) emitJobSignal("finished", id);
  else console.warn(`[jobs] ${id}: lease lost before the outcome was written; the process that took it over decides`);
}

type Outcome = [status: "succeeded" | "failed" | "cancelled", data: Parameters<typeof finish>[3]];

const FINISH_RETRY_MS = [250, 1_000, 3_000, 10_000];

async function finishPersistently(id: string, owner: string, ...[status, data]: Outcome): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await finish(id, owner, status, data);
    } catch (e) {
      if (attempt >= FINISH_RETRY_MS.length) throw e;
      console.warn(`[jobs] ${id}: writing the outcome (${status}) failed, trying again:`, e instanceof Error ? e.message : e);
      await new Promise((r) => setTimeout(r, FINISH_RETRY_MS[attempt]));
    }
  }
}

export interface WorkerState {
  owner: string;
  leaseMs: number;
  claiming: boolean;
  running: string[];
}

const gw = globalThis as unknown as { __caasWorkerState?: () => WorkerState };

/** This process's worker, as the health route sees it (Next's bundle shares it through globalThis). */
export function currentWorkerState(): WorkerState | null {
  return gw.__caasWorkerState?.() ?? null;
}

export interface Worker {
  /** Stops claiming; waits up to graceMs for running jobs, then hands the rest back. */
  stop(opts?: { graceMs?: number }): Promise<void>;
  /** Resolves when no job is running or claimable (tests). */
  idle(): Promise<void>;
  state(): WorkerState;
}

export async function startWorker(
  opts: {
    concurrency?: number;
    pollMs?: number;
    leaseMs?: number;
    owner?: string;
    /** SQLite default: take over every running job at once */ adoptAll?: boolean;
    /** True while interactive requests wait on this process (lib/http/request-load.ts): new jobs
     * are not claimed then, for at most `maxYieldMs` (running jobs go on). */
    yieldTo?: () => boolean;
    maxYieldMs?: number;
  } = {},
): Promise<Worker> {
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? LEASE_MS();
  const owner = opts.owner ?? processId();
  const running = new Map<string, AbortController>();
  let stopped = false;
  let ticking = false;
  let again = false;
  // Issue 20: a burst of requests (200 deploys POSTed at once) shares this thread and SQLite's
  // single writer with the jobs it starts; they are answered first, then the jobs run.
  const maxYieldMs = opts.maxYieldMs ?? MAX_YIELD_MS;
  let yieldingSince: number | null = null;
  let recheck: NodeJS.Timeout | null = null;
  function yielding(): boolean {
    if (!opts.yieldTo?.()) {
      yieldingSince = null;
      return false;
    }
    const t = Date.now();
    yieldingSince ??= t;
    if (t - yieldingSince >= maxYieldMs) return false; // waited long enough: claim as usual until the load drops
    recheck ??= setTimeout(() => {
      recheck = null;
      void tick();
    }, YIELD_RECHECK_MS);
    return true;
  }

  // SQLite is one process: whatever a previous process left running is ours to take over now.
  if (opts.adoptAll ?? !isPostgresUrl(databaseUrl())) {
    await db.job.updateMany({ where: { status: "running" }, data: { leaseOwner: null, leaseExpiresAt: new Date(0) } });
  }

  async function runJob(id: string, takenOver: boolean) {
    const abort = running.get(id)!;
    try {
      const job = await db.job.findUniqueOrThrow({ where: { id } });
      const h = handlers.get(job.kind)!;
      const ctx = contextFor(job, owner, takenOver || job.step !== null, abort.signal);
      if (takenOver && (!h.resumable || job.attempts > MAX_ATTEMPTS)) {
        // Not safe to run again (or it keeps dying): clean up and fail, as a single process did at restart.
        try {
          await h.recover?.(ctx);
        } catch (e) {
          console.error(`[jobs] recover ${job.kind} ${id} failed:`, e);
        }
        await finish(id, owner, "failed", { error: INTERRUPTED, message: storedText("storedTexts.jobs.interrupted", undefined, "Interrupted") });
        return;
      }
      if (takenOver) console.log(`[jobs] ${job.kind} ${id}: taken over (attempt ${job.attempts}, step ${job.step ?? "none"})`);
      let outcome: Outcome;
      try {
        const result = await h.run(ctx);
        outcome =
          result instanceof JobCancelled
            ? ["cancelled", { result: result.result, message: storedText("storedTexts.jobs.cancelled", undefined, "Cancelled") }]
            : ["succeeded", { result }];
      } catch (e) {
        if (abort.signal.aborted) return; // handed back or lost: the next holder finishes it
        const err = toAppError(e);
        if (err.code === "INTERNAL") console.error(`[jobs] ${job.kind} ${id} failed:`, e);
        // The catalog message of the error rides along, so the UI shows it in the reader's language.
        const errorRef = err.i18n ? { key: err.i18n.key, ...(err.i18n.params ? { params: err.i18n.params } : {}) } : undefined;
        outcome = [
          "failed",
          { error: err.message, message: storedText("storedTexts.jobs.failed", undefined, "Failed"), ...(errorRef ? { result: { errorRef } } : {}) },
        ];
      }
      // The handler's outcome, whatever the database does now: a write that fails (a busy
      // database, a dropped connection) is tried again, never turned into the job's failure.
      await finishPersistently(id, owner, ...outcome);
    } catch (e) {
      console.error(`[jobs] ${id}: could not run:`, e);
    } finally {
      running.delete(id);
      void tick();
    }
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        while (!stopped && running.size < concurrency && !yielding()) {
          const job = await claimNextJob({ owner, kinds: [...handlers.keys()], leaseMs });
          if (!job) break;
          // Its lease ran out while this process still runs it (the heartbeat was held up): the
          // claim renewed the lease; a second run here would see it as taken over and fail it.
          if (running.has(job.id)) continue;
          if (stopped) {
            await releaseJob(owner, job.id);
            break;
          }
          running.set(job.id, new AbortController());
          void runJob(job.id, job.takenOver);
        }
      } while (again && !stopped);
    } catch (e) {
      console.error("[jobs] worker tick failed:", e instanceof Error ? e.message : e);
    } finally {
      ticking = false;
    }
  }

  // Heartbeat: renew every lease of this process well before it expires.
  async function heartbeat() {
    try {
      const lost = await renewLeases(owner, [...running.keys()], leaseMs);
      for (const id of lost) {
        console.warn(`[jobs] ${id}: lease lost (another process took the job over)`);
        running.get(id)?.abort();
      }
    } catch (e) {
      console.warn("[jobs] heartbeat failed:", e instanceof Error ? e.message : e);
    }
  }

  // Claim on notification: "enqueued" arrives in this process right after enqueueJob, and from the
  // other processes through LISTEN/NOTIFY (lib/db/signals.ts). Jobs are enqueued inside the
  // caller's transaction, so the signal may come before the row is committed: the worker then
  // looks for that row a few times within about a second (a primary-key read each) and claims as
  // soon as it is visible. The timer stays as the fallback for lost signals.
  const chasing = new Set<string>();
  async function chase(id: string) {
    if (chasing.has(id) || chasing.size > 1000) return;
    chasing.add(id);
    try {
      for (const wait of CHASE_MS) {
        if (stopped) return;
        const row = await db.job.findUnique({ where: { id }, select: { status: true } }).catch(() => null);
        if (row) {
          if (row.status === "pending") void tick();
          return;
        }
        await new Promise((r) => setTimeout(r, wait));
      }
    } finally {
      chasing.delete(id);
    }
  }
  const onTimer = () => void tick();
  const onEnqueued = (id?: string) => {
    void tick();
    // while yielding, the re-check after the requests finds the row (no read per enqueued job now)
    if (id && !yielding()) void chase(id);
  };
  jobSignals.on("enqueued", onEnqueued);
  const timer = setInterval(onTimer, opts.pollMs ?? 1000);
  const beat = setInterval(() => void heartbeat(), Math.max(500, Math.floor(leaseMs / 3)));
  void tick();

  const state = (): WorkerState => ({ owner, leaseMs, claiming: !stopped, running: [...running.keys()] });
  gw.__caasWorkerState = state;
  return {
    async stop({ graceMs = 0 } = {}) {
      stopped = true;
      clearInterval(timer);
      if (recheck) clearTimeout(recheck);
      jobSignals.off("enqueued", onEnqueued);
      const until = Date.now() + graceMs;
      while (running.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      clearInterval(beat);
      for (const [id, abort] of running) {
        // Hand back: another process resumes it now; this run's outcome is no longer written.
        if (await releaseJob(owner, id).catch(() => false)) console.log(`[jobs] ${id}: handed back at shutdown`);
        abort.abort();
      }
    },
    async idle() {
      for (;;) {
        const pending = await db.job.count({ where: { status: { in: ["pending", "running"] } } });
        if (pending === 0 && running.size === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    state,
  };
}
