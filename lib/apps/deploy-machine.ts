// The deploy state machine, one code path for create, redeploy, rollback, template and image
// deploys. It runs from whatever phase is persisted, so a job taken over after a crash resumes:
//
//   pending → preflight → applying → converging → healthy
//      └──────────┴───────────┴───────────┴──→ failed | cancelled
//
// - preflight touches no engine object; a failure there ends the deploy with nothing to undo;
// - a failure (or a cancel) is persisted BEFORE the restore runs, so a resumed run finishes the
//   restore instead of applying again;
// - the revision becomes the app's desired state (service rows, current revision) only in the
//   store's commit of `healthy`; until then the app keeps its previous desired state.
// Its dependencies are ports (store, engine, clock, publish), so unit tests pass plain fakes.
import { AppError, appError, isAppError } from "@/lib/errors";
import { EngineError } from "@/lib/docker/errors";
import { errorOfFailure, failureOf, toDeployError } from "./deploy-errors";
import {
  TOUCHES_ENGINE,
  canTransition,
  endSteps,
  isFinal,
  startStep,
  type DeployFailure,
  type DeployPhase,
  type DeployProgress,
  type ServiceProgress,
  type StepName,
} from "./deploy-state";

/** The revision as the machine sees it (persisted by the store). */
export interface DeployRecord {
  id: string;
  appId: string;
  phase: DeployPhase;
  progress: DeployProgress;
  failure: DeployFailure | null;
  cancelRequested: boolean;
  /** The revision that served before this one; null for a first deploy. */
  previousRevisionId: string | null;
}

export interface DeployStore {
  load(revisionId: string): Promise<DeployRecord>;
  /** Compare-and-set of the phase; false when another writer moved it (the caller reloads). */
  setPhase(revisionId: string, from: DeployPhase, to: DeployPhase, progress: DeployProgress): Promise<boolean>;
  saveProgress(revisionId: string, progress: DeployProgress): Promise<void>;
  /** Persists why it failed, before any restore runs. */
  recordFailure(revisionId: string, failure: DeployFailure): Promise<void>;
  /** healthy: the revision becomes the app's desired state (service rows, current revision, status). */
  commitHealthy(revisionId: string, progress: DeployProgress): Promise<void>;
  /** failed/cancelled: the app's rows, leases and status as before this revision. */
  commitEnded(revisionId: string, phase: "failed" | "cancelled", progress: DeployProgress): Promise<void>;
}

export type ConvergeVerdict = { kind: "healthy" } | { kind: "failed"; error: AppError } | { kind: "cancelled" };

export interface DeployEngine {
  /** Checks before any engine object is touched; throws an AppError (details: each problem). */
  preflight(rev: DeployRecord): Promise<void>;
  /** Creates or updates the app's engine objects (idempotent: a resumed run converges). */
  apply(rev: DeployRecord): Promise<void>;
  /** Waits for the services; reports task progress; stops early when a cancel is requested. */
  converge(rev: DeployRecord, hooks: { onServices(s: ServiceProgress[]): void; cancelRequested(): Promise<boolean> }): Promise<ConvergeVerdict>;
  /** Puts back the previous revision's services, or removes what a first deploy created. */
  restore(rev: DeployRecord): Promise<void>;
  /** Best effort after `healthy` was committed (record the observation, prune old objects); the
   * deploy ends without waiting for it. */
  afterHealthy?(rev: DeployRecord): Promise<void>;
}

export interface DeployMachineDeps {
  store: DeployStore;
  engine: DeployEngine;
  clock: { now(): Date };
  /** Tells live subscribers that the revision's phase, steps or tasks changed. */
  publish(revisionId: string): void;
}

export type DeployOutcome = { phase: "healthy" } | { phase: "failed"; failure: DeployFailure } | { phase: "cancelled" };

const STEP_OF: Partial<Record<DeployPhase, StepName>> = { preflight: "preflight", applying: "applying", converging: "converging" };

function toAppErrorSafe(e: unknown): AppError {
  // an engine error that escaped its mapping: typed, without the engine's text or address
  if (e instanceof EngineError) return toDeployError(e, { host: "-" });
  if (isAppError(e)) return e;
  return appError("INTERNAL", "deployment.errors.internal", undefined, "The deploy failed on the server. The portal log has the details.", { cause: e });
}

function outcomeOf(rev: DeployRecord): DeployOutcome {
  if (rev.phase === "healthy") return { phase: "healthy" };
  if (rev.phase === "cancelled") return { phase: "cancelled" };
  return {
    phase: "failed",
    failure: rev.failure ?? { code: "INTERNAL", message: "The deploy failed.", key: "deployment.errors.internal" },
  };
}

/** Runs the revision's deploy from its persisted phase to a final one. */
export async function runDeploy(deps: DeployMachineDeps, revisionId: string): Promise<DeployOutcome> {
  const { store, engine, clock, publish } = deps;
  // Each pass does one step and reloads: the persisted state decides, never local variables.
  for (let pass = 0; pass < 50; pass++) {
    const rev = await store.load(revisionId);
    if (isFinal(rev.phase)) return outcomeOf(rev);

    const move = async (to: DeployPhase, progress: DeployProgress) => {
      if (!canTransition(rev.phase, to)) throw appError("INTERNAL", "deployment.errors.internal", undefined, `Deploy cannot go from ${rev.phase} to ${to}`);
      await store.setPhase(rev.id, rev.phase, to, progress);
      publish(rev.id);
    };

    // A failure or a cancel was recorded (maybe by a run that crashed): finish the ending.
    if (rev.failure || rev.cancelRequested) {
      const final = rev.failure ? "failed" : "cancelled";
      let progress = rev.progress;
      if (TOUCHES_ENGINE.has(rev.phase)) {
        progress = startStep(endSteps(progress, final, clock.now()), "restoring", clock.now());
        await store.saveProgress(rev.id, progress);
        publish(rev.id);
        await engine.restore(rev);
        progress = endSteps(progress, "done", clock.now());
      } else progress = endSteps(progress, final, clock.now());
      await store.commitEnded(rev.id, final, progress);
      await move(final, progress);
      continue;
    }

    const step = STEP_OF[rev.phase];
    const progress = step ? startStep(rev.progress, step, clock.now()) : rev.progress;
    if (progress !== rev.progress) {
      await store.saveProgress(rev.id, progress);
      publish(rev.id);
    }
    const fail = async (e: unknown) => {
      await store.recordFailure(rev.id, failureOf(toAppErrorSafe(e), rev.phase));
      publish(rev.id);
    };

    switch (rev.phase) {
      case "pending":
        await move("preflight", startStep(progress, "preflight", clock.now()));
        break;
      case "preflight":
        try {
          await engine.preflight(rev);
        } catch (e) {
          await fail(e);
          break;
        }
        // cancelled while checking: end here, with nothing on the engine to undo
        if ((await store.load(rev.id)).cancelRequested) break;
        await move("applying", startStep(progress, "applying", clock.now()));
        break;
      case "applying":
        try {
          await engine.apply(rev);
        } catch (e) {
          await fail(e);
          break;
        }
        await move("converging", startStep(progress, "converging", clock.now()));
        break;
      case "converging": {
        let live = progress;
        // task states are saved one after the other, and all of them before the next phase's writes
        let saving: Promise<void> = Promise.resolve();
        let seen = JSON.stringify(progress.services);
        const verdict = await engine
          .converge(rev, {
            onServices: (services) => {
              // the wait observes several times a second: only a change is saved and published
              const now = JSON.stringify(services);
              if (now === seen) return;
              seen = now;
              live = { ...live, services };
              const snapshot = live;
              saving = saving
                .then(() => store.saveProgress(rev.id, snapshot))
                .then(
                  () => publish(rev.id),
                  () => undefined,
                );
            },
            cancelRequested: async () => (await store.load(rev.id)).cancelRequested,
          })
          .catch((e: unknown): ConvergeVerdict => ({ kind: "failed", error: toAppErrorSafe(e) }));
        await saving;
        if (verdict.kind === "failed") await fail(verdict.error);
        else if (verdict.kind === "healthy") {
          const done = endSteps(live, "done", clock.now());
          await store.commitHealthy(rev.id, done);
          await move("healthy", done);
          // best effort and not part of the deploy: the job ends without waiting for it
          void engine.afterHealthy?.(rev).catch((e: unknown) => console.error("[deploy] after healthy:", e instanceof Error ? e.message : e));
        }
        // cancelled: the store has the request; the next pass restores and ends as cancelled
        break;
      }
    }
  }
  throw appError("INTERNAL", "deployment.errors.internal", undefined, "The deploy did not reach a final state.");
}

/** The error a job reports for an outcome (the job's `error`; the API shows the same message). */
export function outcomeError(o: DeployOutcome): AppError | null {
  return o.phase === "failed" ? errorOfFailure(o.failure) : null;
}
