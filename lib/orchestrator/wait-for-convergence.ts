// Wait until swarm runs what was deployed, or say why it cannot. Swarm never gives up by itself (a
// task whose image is missing is retried forever), so "cannot" is a judgement made here:
//   - a task of the current spec was rejected (image missing, invalid mount …): fail at once;
//   - the current spec's containers keep exiting (maxFailures attempts): fail;
//   - a task has been unschedulable ("no suitable node …") for pendingGraceMs: fail;
//   - a rolling update paused or rolled back: fail with swarm's message.
// The engine's event stream wakes the loop early (service updates, and container events of the
// manager's own node; task state changes on other nodes have no events in API 1.41), so a
// short poll remains the fallback. A poll the engine did not answer in time (a manager busy
// starting a hundred tasks on a small host) is not a verdict: the wait asks again until the engine
// has been silent for `unansweredGraceMs`.
import { isUnreachable, type Engine, type EventStream, type TaskState } from "@/lib/docker";
import { observeApp } from "./observe-app";
import type { AppObservation, ConvergenceFailureKind, ConvergenceResult, ServiceObservation } from "./types";

export interface ConvergenceOptions {
  timeoutMs: number;
  onProgress?: (o: AppObservation) => void;
  /** How long a task may stay unschedulable before the wait fails (default 5 s). */
  pendingGraceMs?: number;
  /** Failed (exited) attempts of the current spec that fail the wait (default 3). */
  maxFailures?: number;
  /** Poll interval when no event arrives (default 500 ms). */
  pollMs?: number;
  /** Model service names that must exist (a deploy's services); absent ones are waited for. */
  expectServices?: string[];
  /** Asked about once a second: true ends the wait at once (kind "cancelled"). */
  shouldStop?: () => Promise<boolean>;
  /** How long the engine may leave the wait's questions unanswered (timeouts, dropped
   * connections) before its error ends the wait (default 0: the first one does). */
  unansweredGraceMs?: number;
}

type Failure = {
  kind: "failed";
  reason: string;
  failure: Exclude<ConvergenceFailureKind, "timeout" | "cancelled">;
  service: string;
  exitCode?: number;
  nodeId?: string;
};
type Verdict = { kind: "converged" } | Failure | { kind: "waiting"; why: string };

const ACTIVE: ReadonlySet<TaskState> = new Set<TaskState>(["new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting", "running"]);

function judgeService(
  s: ServiceObservation,
  now: number,
  pendingSince: Map<string, number>,
  o: Required<Pick<ConvergenceOptions, "pendingGraceMs" | "maxFailures">>,
): Verdict {
  const who = `service "${s.name}"`;
  const current = s.tasks.filter((t) => t.current);
  const lastError = current.find((t) => t.error)?.error;
  const fail = (failure: Failure["failure"], reason: string, t?: { exitCode?: number; nodeId?: string }): Failure => ({
    kind: "failed",
    reason,
    failure,
    service: s.name,
    ...(t?.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
    ...(t?.nodeId ? { nodeId: t.nodeId } : {}),
  });
  if (s.updateState === "paused") {
    return fail("rolled_back", `${who}: update paused: ${s.updateMessage ?? ""}${lastError ? ` (${lastError})` : ""}`);
  }
  if (s.updateState === "rollback_completed" || s.updateState === "rollback_paused") {
    return fail("rolled_back", `${who}: update rolled back: ${s.updateMessage ?? ""}`);
  }
  const stale = s.tasks.filter((t) => !t.current && t.desiredState === "running" && ACTIVE.has(t.state));
  const stopping = s.tasks.filter(
    (t) => t.desiredState !== "running" && t.desiredState !== "ready" && ACTIVE.has(t.state) && t.state !== "new" && t.state !== "pending",
  );
  const updating = s.updateState === "updating" || s.updateState === "rollback_started";
  // A one-shot service (restart none/on-failure) is done when its tasks ran to completion.
  const done = s.running + (s.oneShot ? s.completed : 0);
  // A global service nobody scheduled yet has desired 0: not converged until swarm placed it.
  const unscheduledGlobal = s.mode === "global" && s.desired === 0;
  if (done >= s.desired && !unscheduledGlobal && stale.length === 0 && stopping.length === 0 && !updating) return { kind: "converged" };

  if (done < s.desired) {
    const rejected = current.find((t) => t.state === "rejected");
    if (rejected) return fail("rejected", `${who}: ${rejected.error ?? rejected.message}`, rejected);
    const failed = current.filter((t) => t.state === "failed");
    if (failed.length >= o.maxFailures) {
      return fail("task_failed", `${who}: tasks keep failing: ${failed[0].error ?? failed[0].message}`, failed[0]);
    }
    for (const t of current) {
      // A pending task with a scheduler error cannot be placed (constraints or resources).
      if (t.desiredState === "running" && t.state === "pending" && t.error) {
        const first = pendingSince.get(t.taskId) ?? now;
        pendingSince.set(t.taskId, first);
        if (now - first >= o.pendingGraceMs) return fail("unschedulable", `${who}: ${t.error}`, t);
      }
    }
  }
  const hint = current.find((t) => t.desiredState === "running" && t.state !== "running" && (t.error || t.message));
  const detail = hint ? `; ${hint.state}: ${hint.error ?? hint.message}` : "";
  return {
    kind: "waiting",
    why: `${who}: ${s.running}/${s.desired} running${stale.length ? `, ${stale.length} old task(s) still running` : ""}${stopping.length ? `, ${stopping.length} stopping` : ""}${detail}`,
  };
}

export function judgeApp(
  obs: AppObservation,
  now: number,
  pendingSince: Map<string, number>,
  o: Required<Pick<ConvergenceOptions, "pendingGraceMs" | "maxFailures">> & { expectServices?: string[] },
): Verdict {
  const waiting: string[] = [];
  for (const name of o.expectServices ?? []) {
    if (!obs.services.some((s) => s.name === name)) waiting.push(`service "${name}" not created yet`);
  }
  for (const s of obs.services) {
    const v = judgeService(s, now, pendingSince, o);
    if (v.kind === "failed") return v;
    if (v.kind === "waiting") waiting.push(v.why);
  }
  return waiting.length === 0 ? { kind: "converged" } : { kind: "waiting", why: waiting.join("; ") };
}

/** Resolves on the next engine event or after `ms`, whichever comes first. */
function wakeup(stream: EventStream | null) {
  let poke = null as (() => void) | null;
  if (stream) {
    void (async () => {
      try {
        for await (const _ of stream) poke?.();
      } catch {
        /* the poll fallback carries on without events */
      }
    })();
  }
  return (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        poke = null;
        resolve();
      }
      poke = done;
    });
}

export async function waitForConvergence(manager: Engine, appId: string, opts: ConvergenceOptions): Promise<ConvergenceResult> {
  let nextStopCheck = 0;
  const deadline = Date.now() + opts.timeoutMs;
  const judgeOpts = {
    pendingGraceMs: opts.pendingGraceMs ?? 5_000,
    maxFailures: opts.maxFailures ?? 3,
    expectServices: opts.expectServices,
  };
  const pendingSince = new Map<string, number>();
  const stream = await manager.events({ filters: { type: ["service", "container", "node"] }, watchdogMs: 0 }).catch(() => null); // events are an optimisation only
  const sleep = wakeup(stream);
  let last: AppObservation | undefined;
  let why = "no observation yet";
  let answeredAt = Date.now();
  try {
    for (;;) {
      const seen = await observeApp(manager, appId).then(
        (o) => ((answeredAt = Date.now()), o),
        (e: unknown) => {
          if (!isUnreachable(e) || Date.now() - answeredAt >= (opts.unansweredGraceMs ?? 0)) throw e;
          return null; // unanswered within the grace: ask again after the pause
        },
      );
      if (seen) {
        last = seen;
        opts.onProgress?.(last);
        const v = judgeApp(last, Date.now(), pendingSince, judgeOpts);
        if (v.kind === "converged") return { ok: true, observation: last };
        if (v.kind === "failed") {
          const { reason, failure, service, exitCode, nodeId } = v;
          return { ok: false, reason, kind: failure, service, exitCode, nodeId, observation: last };
        }
        why = v.why;
      } else why = "the engine did not answer in time";
      if (opts.shouldStop && Date.now() >= nextStopCheck) {
        nextStopCheck = Date.now() + 1_000;
        if (await opts.shouldStop()) return { ok: false, reason: "cancelled", kind: "cancelled", observation: last };
      }
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(opts.pollMs ?? 500, left));
    }
  } finally {
    stream?.stop();
  }
  return { ok: false, reason: `timed out after ${Math.round(opts.timeoutMs / 1000)} s: ${why}`, kind: "timeout", observation: last };
}
