// The persisted job queue's worker, run inside the portal process (server.ts). Jobs are rows: a
// portal restart loses no work and leaves no job "running" forever — interrupted jobs are handed
// to their handler's recover() (e.g. a deploy cleans its labelled leftovers) and marked failed.
import { db } from "@/lib/db";
import { toAppError } from "@/lib/errors";
import { jobSignals } from "./enqueue-job";

export interface JobContext {
  id: string;
  payload: Record<string, unknown>;
  tenantId: string | null;
  createdById: string | null;
  progress(percent: number, message?: string): Promise<void>;
}

export interface JobHandler {
  run(ctx: JobContext): Promise<unknown>;
  /** Called at startup for a job the previous process left running. */
  recover?(ctx: JobContext): Promise<void>;
}

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

function contextFor(job: { id: string; payloadJson: string; tenantId: string | null; createdById: string | null }): JobContext {
  return {
    id: job.id,
    payload: JSON.parse(job.payloadJson),
    tenantId: job.tenantId,
    createdById: job.createdById,
    async progress(percent, message) {
      await db.job.update({
        where: { id: job.id },
        data: { progress: Math.max(0, Math.min(100, Math.round(percent))), ...(message !== undefined ? { message } : {}) },
      });
      jobSignals.emit("progress", job.id);
    },
  };
}

async function finish(id: string, status: "succeeded" | "failed", data: { error?: string; result?: unknown; message?: string }) {
  await db.job.update({
    where: { id },
    data: {
      status,
      finishedAt: new Date(),
      ...(status === "succeeded" ? { progress: 100 } : {}),
      error: data.error ?? null,
      resultJson: data.result === undefined ? null : JSON.stringify(data.result),
      ...(data.message !== undefined ? { message: data.message } : {}),
    },
  });
  jobSignals.emit("finished", id);
}

async function claimNext(maxConcurrent: number, running: Set<string>): Promise<{ id: string } | null> {
  if (running.size >= maxConcurrent) return null;
  const busy = await db.job.findMany({ where: { status: "running", lockKey: { not: null } }, select: { lockKey: true } });
  const busyKeys = new Set(busy.map((b) => b.lockKey!));
  const pending = await db.job.findMany({ where: { status: "pending" }, orderBy: { createdAt: "asc" }, take: 50 });
  const seenKeys = new Set<string>();
  for (const job of pending) {
    if (!handlers.has(job.kind)) continue;
    if (job.lockKey) {
      // Only the oldest pending job of a key may start, and only when none of that key runs.
      if (busyKeys.has(job.lockKey) || seenKeys.has(job.lockKey)) {
        seenKeys.add(job.lockKey);
        continue;
      }
      seenKeys.add(job.lockKey);
    }
    const claimed = await db.job.updateMany({
      where: { id: job.id, status: "pending" },
      data: { status: "running", startedAt: new Date(), attempts: { increment: 1 } },
    });
    if (claimed.count === 1) return job;
  }
  return null;
}

export interface Worker {
  stop(): Promise<void>;
  /** Resolves when no job is running or claimable (tests). */
  idle(): Promise<void>;
}

export async function startWorker(opts: { concurrency?: number; pollMs?: number } = {}): Promise<Worker> {
  const concurrency = opts.concurrency ?? 4;
  const running = new Set<string>();
  let stopped = false;
  let ticking = false;
  let again = false;

  // Jobs the previous process left running.
  const stale = await db.job.findMany({ where: { status: "running" } });
  for (const job of stale) {
    const h = handlers.get(job.kind);
    try {
      await h?.recover?.(contextFor(job));
    } catch (e) {
      console.error(`[jobs] recover ${job.kind} ${job.id} failed:`, e);
    }
    await finish(job.id, "failed", { error: "The portal stopped while this job was running; its partial work was cleaned up. Submit it again." });
  }

  async function runJob(id: string) {
    const job = await db.job.findUniqueOrThrow({ where: { id } });
    const h = handlers.get(job.kind)!;
    try {
      const result = await h.run(contextFor(job));
      await finish(id, "succeeded", { result });
    } catch (e) {
      const err = toAppError(e);
      if (err.code === "INTERNAL") console.error(`[jobs] ${job.kind} ${id} failed:`, e);
      await finish(id, "failed", { error: err.message, message: "Failed" });
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
        for (;;) {
          const job = await claimNext(concurrency, running);
          if (!job) break;
          running.add(job.id);
          void runJob(job.id);
        }
      } while (again && !stopped);
    } catch (e) {
      console.error("[jobs] worker tick failed:", e);
    } finally {
      ticking = false;
    }
  }

  const onSignal = () => void tick();
  jobSignals.on("enqueued", onSignal);
  const timer = setInterval(onSignal, opts.pollMs ?? 1000);
  void tick();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      jobSignals.off("enqueued", onSignal);
      while (running.size > 0) await new Promise((r) => setTimeout(r, 50));
    },
    async idle() {
      for (;;) {
        const pending = await db.job.count({ where: { status: { in: ["pending", "running"] } } });
        if (pending === 0 && running.size === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
