// Job handlers of the app domain besides the deploy (deploy-job.ts): stop, start, delete. The
// use-cases authorized and validated before enqueuing; these run in the worker with the persisted
// payload only. Registered in server.ts.
import { db } from "@/lib/db";
import { AppError, appError, isAppError, storedText } from "@/lib/errors";
import type { JobContext, JobHandler } from "@/lib/jobs";
import { managerEngine } from "@/lib/hosts";
import { deployApp, observeApp, pruneUnusedFiles, removeApp, stopApp, waitForConvergence, type AppObservation } from "@/lib/orchestrator";
import { resolvePortalFiles } from "@/lib/secrets/usage";
import { environmentLogDriver } from "@/lib/logging";
import { recordObservation } from "@/lib/reconcile/record-observation";
import { EngineError } from "@/lib/docker/errors";
import { toDeployError } from "./deploy-errors";
import { convergenceError } from "./deploy-engine";
import { deployRegistryAuthFor } from "@/lib/registry/deploy-credential";
import { deployPullFor } from "@/lib/replication";
import { applyStoredRevision, type ApplyRevisionDeps } from "./apply-revision";

const CONVERGE_TIMEOUT_MS = Number(process.env.CAAS_DEPLOY_TIMEOUT_MS || 120_000);

function progressOf(o: AppObservation): { running: number; desired: number } {
  return o.services.reduce((a, s) => ({ running: a.running + Math.min(s.running, s.desired), desired: a.desired + s.desired }), { running: 0, desired: 0 });
}

const ENGINE_DEPS: ApplyRevisionDeps = {
  engineFor: async (environmentId) => (await managerEngine(environmentId)).engine,
  deploy: deployApp,
  // A short-lived pull credential for this tenant (X-Registry-Auth); hosts never `docker login`.
  registryAuthFor: deployRegistryAuthFor,
  // Portal secrets/configs: unsealed here, in the job, into the engine call only.
  filesFor: resolvePortalFiles,
  // The environment's logging target (issue 19): replaces the compose file's `logging:`.
  logDriverFor: environmentLogDriver,
  // Issue 17: in a region with its own registry, the hosts pull the portal's images from it.
  regionPullFor: deployPullFor,
};

/** Today's policy refused the stored revision before any engine call (nothing changed on the swarm). */
const refusedByPolicy = (e: unknown) => isAppError(e) && e.code === "POLICY";

/** The revision's error: the policy's message plus each rule and key path, so the UI and API say why. */
function failureText(e: unknown): string {
  if (!isAppError(e) || e instanceof EngineError) return toDeployError(e, { host: "-" }).message;
  if (e.code !== "POLICY" || !e.details?.length) return e.message;
  const rules = e.details.slice(0, 5).map((d) => `${d.rule ?? "rule"} at ${d.path}: ${d.message}`);
  return `Today's policy refuses this revision: ${e.message}. ${rules.join("; ")}${e.details.length > 5 ? "; …" : ""}`.slice(0, 2000);
}

async function applyRevision(ctx: JobContext, revisionId: string): Promise<{ ok: true } | { ok: false; reason: string; error: AppError }> {
  const rev = await db.appRevision.findUniqueOrThrow({ where: { id: revisionId }, include: { app: { include: { environment: true } } } });
  const app = rev.app;
  await db.appRevision.update({ where: { id: rev.id }, data: { status: "deploying" } });
  await ctx.progress(
    5,
    storedText("storedTexts.jobs.checkingRevision", undefined, "Checking the revision against the policy, then creating the app network and services"),
  );
  // Today's policy, with today's environment settings, before any engine call (hole 3).
  const { checked, engine, result, files } = await applyStoredRevision(
    { revision: rev, app, environment: { ...app.environment, tenantId: app.tenantId } },
    ENGINE_DEPS,
  );
  const spec = checked.spec;
  for (const [name, serviceId] of Object.entries(result.services)) {
    const replicas = spec.services.find((s) => s.name === name)?.replicas ?? 1;
    await db.service.updateMany({ where: { appId: app.id, name }, data: { swarmServiceId: serviceId, desiredReplicas: replicas, lastError: null } });
  }
  await ctx.progress(20, storedText("storedTexts.jobs.waitingConverge", undefined, "Waiting for the services to converge"));
  let last = 0;
  const verdict = await waitForConvergence(engine, app.id, {
    timeoutMs: CONVERGE_TIMEOUT_MS,
    pollMs: 200,
    expectServices: spec.services.map((s) => s.name),
    onProgress: (o) => {
      const p = progressOf(o);
      const pct = 20 + Math.round((75 * p.running) / Math.max(1, p.desired));
      if (pct !== last) {
        last = pct;
        void ctx
          .progress(
            pct,
            storedText("storedTexts.jobs.replicasRunning", { running: p.running, desired: p.desired }, `${p.running}/${p.desired} replicas running`),
          )
          .catch(() => undefined);
      }
    },
  });
  if (verdict.observation) await recordObservation(app.id, verdict.observation, { adoptIds: true });
  if (verdict.ok) {
    // Secret/config versions this revision no longer uses (best effort: the next deploy retries).
    await pruneUnusedFiles(engine, app.id, files);
    return { ok: true };
  }
  // A message naming the service and what to do; the engine's text goes to the log.
  const error = convergenceError(verdict, CONVERGE_TIMEOUT_MS, new Map());
  return { ok: false, reason: error.message, error };
}

export const stopJob: JobHandler = {
  async run(ctx) {
    const app = await db.app.findUniqueOrThrow({ where: { id: String(ctx.payload.appId) } });
    const { engine } = await managerEngine(app.environmentId);
    await ctx.progress(30, storedText("storedTexts.jobs.scalingToZero", undefined, "Scaling every service to 0"));
    await stopApp(engine, app.id);
    // The portal's intent is now 0 everywhere, so the reconciler does not call it drift.
    await db.$transaction([
      db.service.updateMany({ where: { appId: app.id }, data: { desiredReplicas: 0 } }),
      db.app.update({ where: { id: app.id }, data: { status: "stopped" } }),
    ]);
    await recordObservation(app.id, await observeApp(engine, app.id));
    return { stopped: true };
  },
};

export const startJob: JobHandler = {
  async run(ctx) {
    const app = await db.app.findUniqueOrThrow({ where: { id: String(ctx.payload.appId) } });
    if (!app.currentRevisionId) throw appError("CONFLICT", "appErrors.noRevisionToStart", undefined, "This app has no revision to start.");
    const before = app.status;
    await db.app.update({ where: { id: app.id }, data: { status: "deploying" } });
    let verdict;
    try {
      verdict = await applyRevision(ctx, app.currentRevisionId);
    } catch (e) {
      await db.appRevision.update({ where: { id: app.currentRevisionId }, data: { status: "failed", error: failureText(e) } });
      // Refused before any engine call: the app is exactly as it was (stopped, usually).
      await db.app.update({ where: { id: app.id }, data: { status: refusedByPolicy(e) ? before : "failed" } });
      throw e;
    }
    await db.appRevision.update({
      where: { id: app.currentRevisionId },
      data: { status: verdict.ok ? "succeeded" : "failed", error: verdict.ok ? null : verdict.reason },
    });
    await db.app.update({ where: { id: app.id }, data: { status: verdict.ok ? "running" : "failed" } });
    // the convergence error names the service and what to do, in the caller's language
    if (!verdict.ok) throw verdict.error;
    return { started: true };
  },
};

export const deleteJob: JobHandler = {
  async run(ctx) {
    const app = await db.app.findUnique({ where: { id: String(ctx.payload.appId) } });
    if (!app) return { deleted: true };
    const hosts = await db.host.count({ where: { environmentId: app.environmentId } });
    if (hosts > 0) {
      const { engine } = await managerEngine(app.environmentId);
      await ctx.progress(20, storedText("storedTexts.jobs.removingServices", undefined, "Removing the services and the app network"));
      await removeApp(engine, app.id);
    }
    await db.$transaction([db.portLease.deleteMany({ where: { appId: app.id } }), db.app.delete({ where: { id: app.id } })]);
    return { deleted: true };
  },
};
