// The app.deploy job: runs the revision's state machine (deploy-machine.ts) from its persisted
// phase; a job taken over after a crash resumes from there. Built with its dependencies and
// registered in server.ts. The job's own progress (percent, message) follows the phases for
// clients of GET /jobs/{id}; the step list and task states are the revision's (get-deploy.ts).
import { appError, storedText, type StoredText } from "@/lib/errors";
import { JobCancelled, type JobContext, type JobHandler } from "@/lib/jobs";
import { EngineError } from "@/lib/docker/errors";
import { deployMessage, toDeployError } from "./deploy-errors";
import { outcomeError, runDeploy, type DeployEngine, type DeployRecord, type DeployStore } from "./deploy-machine";
import type { Clock } from "./deploy-deps";
import { progressPercent } from "./deploy-state";
import { deployPayload } from "./submit-revision";

export interface DeployJobDeps {
  store: DeployStore;
  engine: DeployEngine;
  clock: Clock;
}

const STEP_TEXT: Record<DeployRecord["phase"], string> = {
  pending: "Waiting to start",
  preflight: "Checking images, hosts and capacity",
  applying: "Creating and updating the services",
  converging: "Waiting for the services",
  healthy: "Deployed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** The job's percent and message (with its catalog key) for the revision as it is now. */
export function jobProgressOf(rev: Pick<DeployRecord, "phase" | "progress" | "failure" | "cancelRequested">): { percent: number; message: StoredText } {
  if (rev.cancelRequested && rev.phase !== "cancelled")
    return { percent: 95, message: storedText("storedTexts.jobs.cancelling", undefined, "Cancelling: restoring the previous state") };
  if (rev.failure && rev.phase !== "failed")
    return { percent: 95, message: storedText("storedTexts.jobs.failedRestoring", undefined, "Failed: restoring the previous state") };
  if (rev.phase !== "converging")
    return { percent: progressPercent(rev.phase, []), message: storedText(`storedTexts.jobs.phase.${rev.phase}`, undefined, STEP_TEXT[rev.phase]) };
  const t = rev.progress.services.reduce((a, s) => ({ running: a.running + Math.min(s.running, s.desired), desired: a.desired + s.desired }), {
    running: 0,
    desired: 0,
  });
  return {
    percent: progressPercent(rev.phase, rev.progress.services),
    message: storedText("storedTexts.jobs.replicasRunning", { running: t.running, desired: t.desired }, `${t.running}/${t.desired} replicas running`),
  };
}

function revisionIdOf(ctx: JobContext): string {
  const p = deployPayload.safeParse(ctx.payload);
  if (!p.success) throw appError("INTERNAL", "errors.INTERNAL", undefined, "The deploy job's payload is unreadable.");
  return p.data.revisionId;
}

export function deployJob(deps: DeployJobDeps): JobHandler {
  const publisher = (ctx: JobContext) => {
    let last = "";
    return (revisionId: string) => {
      void deps.store
        .load(revisionId)
        .then((rev) => {
          const p = jobProgressOf(rev);
          // every change reaches subscribers (task states too), even when the percent stays
          const key = JSON.stringify([p, rev.phase, rev.progress]);
          if (key === last) return;
          last = key;
          return ctx.progress(p.percent, p.message);
        })
        .catch(() => undefined);
    };
  };
  const run = async (ctx: JobContext) => {
    const revisionId = revisionIdOf(ctx);
    let outcome;
    try {
      outcome = await runDeploy({ ...deps, publish: publisher(ctx) }, revisionId);
    } catch (e) {
      // the job's error is shown to users: an engine error never leaves with its raw text
      throw e instanceof EngineError ? toDeployError(e, { host: "-" }) : e;
    }
    const rev = await deps.store.load(revisionId);
    if (outcome.phase === "cancelled") return new JobCancelled({ phase: "cancelled" });
    const err = outcomeError(outcome);
    if (err) throw err;
    return { phase: rev.phase };
  };
  return {
    resumable: true,
    run,
    // Taken over too often: record why, then let the machine finish the ending (restore).
    async recover(ctx) {
      const revisionId = revisionIdOf(ctx);
      const rev = await deps.store.load(revisionId);
      if (!rev.failure && !["healthy", "failed", "cancelled"].includes(rev.phase)) {
        await deps.store.recordFailure(revisionId, {
          code: "INTERNAL",
          message: deployMessage("deployment.errors.interrupted"),
          key: "deployment.errors.interrupted",
          phase: rev.phase,
        });
      }
      await runDeploy({ ...deps, publish: publisher(ctx) }, revisionId);
    },
  };
}
