// The deploy state machine's engine side (DeployEngine) on the real swarm: preflight (read-only),
// apply (lib/orchestrator's idempotent deploy), converge (wait, with live task states and cancel),
// restore (the previous revision again, or nothing left of a first deploy). Every engine error
// leaves as an AppError naming the service and the host by its portal name (deploy-errors.ts).
// Dependencies are parameters: server.ts wires the real ones, tests pass fakes.
import { Prisma, type PrismaClient } from "@prisma/client";
import { executeSql } from "@/lib/db/sql-rows";
import { readStoredSpec, type AppSpec, type PolicyChecked } from "@/lib/compose";
import { isUnreachable, type Engine, type TaskState } from "@/lib/docker";
import { AppError } from "@/lib/errors";
import {
  deployApp,
  listAppServices,
  observeApp,
  pruneUnusedFiles,
  removeApp,
  waitForConvergence,
  type AppObservation,
  type ConvergenceResult,
  type SwarmFile,
} from "@/lib/orchestrator";
import { applyStoredRevision, type ApplyRevisionDeps } from "./apply-revision";
import { revisionSpecJson } from "./app-variables";
import { deployError, retryUnreachable, toDeployError } from "./deploy-errors";
import type { ConvergeVerdict, DeployEngine, DeployRecord } from "./deploy-machine";
import type { ServiceProgress, TaskStateName } from "./deploy-state";
import { runEngineChecks, runPolicies, type PreflightPolicy } from "./preflight";

/** The convergence wait's poll (issue 20): engine events wake it, but in API 1.41 they come from the
 * manager's own node only, so tasks starting on the other hosts are seen at the next poll; the
 * manager itself records their states in batches about 100 ms apart. One observation (services +
 * the app's tasks) is two engine calls: at this pace a deploy reports success about 50 ms (half a
 * period) after the engine has it on average, as the bench's raw script polling ServiceStatus sees it. */
export const DEPLOY_POLL_MS = 100;
/** How long the convergence wait goes on asking a manager that does not answer in time: one busy
 * starting a hundred tasks on a small host missed two 5 s deadlines in a row (the bench's list
 * fixture, 2026-12-05) although it was only slow; a manager that is gone fails the deploy after this. */
export const CONVERGE_UNANSWERED_MS = 30_000;
export interface DeployEngineDeps {
  db: PrismaClient;
  /** A manager engine of the environment's swarm and the portal id of its host (`reuse`: the one
   * found moments ago will do; lib/hosts managerEngine). */
  managerEngine(environmentId: string, o: { reuse: boolean }): Promise<{ engine: Engine; hostId: string }>;
  /** X-Registry-Auth for the app's images (a short-lived pull credential of its tenant). */
  registryAuthFor(tenantId: string, images: string[]): Promise<string | undefined>;
  /** The current values of the portal secrets/configs the model refers to. */
  filesFor(environmentId: string, spec: PolicyChecked<AppSpec>["spec"], tenantId: string): Promise<SwarmFile[]>;
  /** The environment's logging target (issue 19): replaces the compose file's `logging:`. */
  logDriverFor?: ApplyRevisionDeps["logDriverFor"];
  /** Issue 17: a region's registry for the portal's images, each one there before the deploy goes on. */
  regionPullFor?: ApplyRevisionDeps["regionPullFor"];
  /** Checks that run before any engine call (issue 16: tenant quotas). */
  preflightPolicies: readonly PreflightPolicy[];
  /** After the last object changed, the services' observation is recorded (lib/reconcile). */
  recordObservation(appId: string, o: AppObservation): Promise<void>;
  convergeTimeoutMs: number;
  /** Poll interval of the convergence wait (engine events wake it earlier); DEPLOY_POLL_MS. */
  pollMs?: number;
  /** Pause before trying an engine step again after the engine did not answer (grows per attempt). */
  retryDelayMs?: number;
}

const TASK_STATE: Partial<Record<TaskState, TaskStateName>> = {
  new: "pending",
  allocated: "pending",
  pending: "pending",
  assigned: "pending",
  accepted: "pending",
  preparing: "pulling",
  ready: "starting",
  starting: "starting",
  running: "running",
  complete: "complete",
  failed: "failed",
  rejected: "failed",
  orphaned: "failed",
};

/** The observation as a person follows it: current tasks, host names, typed reasons (no engine text). */
export function toServiceProgress(o: AppObservation, hostOfNode: ReadonlyMap<string, string>): ServiceProgress[] {
  return o.services.map((s) => ({
    name: s.name,
    desired: s.desired,
    running: s.running,
    tasks: s.tasks
      .filter((t) => t.current && TASK_STATE[t.state] && (t.desiredState === "running" || t.state === "complete" || TASK_STATE[t.state] === "failed"))
      .slice(0, 20)
      .map((t) => {
        const state = TASK_STATE[t.state]!;
        const reason = t.state === "rejected" ? "rejected" : state === "failed" ? "exited" : state === "pending" && t.error ? "unschedulable" : undefined;
        return {
          id: t.taskId,
          ...(t.slot !== undefined ? { slot: t.slot } : {}),
          state,
          ...(t.nodeId && hostOfNode.get(t.nodeId) ? { host: hostOfNode.get(t.nodeId) } : {}),
          ...(reason ? { reason } : {}),
          ...(state === "failed" && t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
          since: t.since,
        };
      }),
  }));
}

function summary(o: AppObservation | undefined): string {
  return (o?.services ?? []).map((s) => `${s.name} ${s.running}/${s.desired}`).join(", ") || "-";
}

/** A failed wait as an AppError a person can act on (the engine's reason goes to the log). */
export function convergenceError(r: Extract<ConvergenceResult, { ok: false }>, timeoutMs: number, hostOfNode: ReadonlyMap<string, string>): AppError {
  console.warn(`[deploy] convergence failed (${r.kind}): ${r.reason}`);
  const service = r.service ?? "-";
  const host = (r.nodeId && hostOfNode.get(r.nodeId)) || "-";
  switch (r.kind) {
    case "rolled_back":
      return deployError("CONFLICT", "deployment.errors.rolledBack", { service });
    case "rejected":
      return deployError("CONFLICT", "deployment.errors.taskRejected", { service, host });
    case "task_failed":
      return deployError("CONFLICT", "deployment.errors.taskFailed", { service, exitCode: r.exitCode ?? "-" });
    case "unschedulable":
      return deployError("CONFLICT", "deployment.errors.no_suitable_node", { service });
    default:
      return deployError("CONFLICT", "deployment.errors.timeout", { seconds: Math.round(timeoutMs / 1000), summary: summary(r.observation) });
  }
}

export function realDeployEngine(deps: DeployEngineDeps): DeployEngine {
  const { db } = deps;
  // Every engine step of a deploy is idempotent: one that met a busy or briefly unreachable engine runs again.
  const retry = <T>(environmentId: string, what: string, step: () => Promise<T>) =>
    retryUnreachable(step, {
      attempts: 2, // once more: a host that is really down is reported in one engine timeout plus a pause
      delayMs: deps.retryDelayMs,
      onRetry: (n, e) => {
        lookAgain.add(environmentId); // the next attempt looks for a manager of this swarm again
        console.warn(`[deploy] ${what}: the engine did not answer (attempt ${n}), trying again:`, e instanceof Error ? e.name : e);
      },
    });
  /** afterHealthy runs after the deploy ended: the app's next apply in this process waits for it
   * (its pruning must not meet the next revision's new secret versions). */
  const afterOf = new Map<string, Promise<void>>();
  /** The observation that ended a revision's convergence wait, for afterHealthy (same process, moments later). */
  const converged = new Map<string, AppObservation>();
  // Issue 20: the steps of a deploy (preflight, apply, converge, after) and deploys right after it
  // reuse the manager found (lib/hosts); a step that met an engine that did not answer looks again.
  const lookAgain = new Set<string>();
  const lookupManager = (environmentId: string) => {
    const reuse = !lookAgain.delete(environmentId);
    return deps.managerEngine(environmentId, { reuse });
  };

  async function context(revisionId: string) {
    const rev = await db.appRevision.findUniqueOrThrow({ where: { id: revisionId }, include: { app: { include: { environment: true } } } });
    const hosts = await db.host.findMany({ where: { environmentId: rev.app.environmentId }, select: { id: true, name: true, nodeId: true } });
    const hostOfNode = new Map(hosts.filter((h) => h.nodeId).map((h) => [h.nodeId!, h.name]));
    const hostName = (id: string) => hosts.find((h) => h.id === id)?.name ?? "-";
    // the app's tenant view of its environment (a shared environment is owned by the platform, issue 16)
    return { rev, app: rev.app, env: { ...rev.app.environment, tenantId: rev.app.tenantId }, hostOfNode, hostName };
  }

  async function manager(environmentId: string, hostName: (id: string) => string) {
    try {
      const m = await retry(environmentId, "manager lookup", () => lookupManager(environmentId));
      return { engine: m.engine, host: hostName(m.hostId) };
    } catch (e) {
      throw toDeployError(e, { host: "-" });
    }
  }

  /** The engine ids of the services the deploy just applied (a service re-created after drift has
   * a new one), then the observation recorded. listAppServices checked label and name prefix. */
  async function adopt(appId: string, obs: AppObservation) {
    try {
      // one statement for the services' engine ids (issue 20: the deploy's job waits for this)
      if (obs.services.length)
        await executeSql(
          db,
          Prisma.sql`
          UPDATE "Service" SET "swarmServiceId" = CASE "name" ${Prisma.join(
            obs.services.map((s) => Prisma.sql`WHEN ${s.name} THEN ${s.serviceId}`),
            " ",
          )} END
          WHERE "appId" = ${appId} AND "name" IN (${Prisma.join(obs.services.map((s) => s.name))})`,
        );
      // a global service's desired count is what swarm scheduled (one task per eligible node)
      for (const s of obs.services.filter((x) => x.mode === "global"))
        await db.service.updateMany({ where: { appId, name: s.name }, data: { desiredReplicas: s.desired } });
      await deps.recordObservation(appId, obs);
    } catch (e) {
      console.error("[deploy] recording the observation failed:", e instanceof Error ? e.message : e);
    }
  }

  async function apply(revisionId: string, track?: { service?: string }) {
    const c = await context(revisionId);
    await afterOf.get(c.app.id);
    const m = await manager(c.app.environmentId, c.hostName);
    const where: { service?: string } = track ?? {};
    try {
      await retry(c.app.environmentId, "apply", () =>
        applyStoredRevision(
          {
            revision: c.rev,
            app: c.app,
            environment: c.env,
            onProgress: (p) => {
              if (p.step === "service") where.service = p.name;
            },
          },
          {
            engineFor: async () => m.engine,
            deploy: deployApp,
            registryAuthFor: deps.registryAuthFor,
            filesFor: deps.filesFor,
            logDriverFor: deps.logDriverFor,
            regionPullFor: deps.regionPullFor,
          },
        ),
      );
    } catch (e) {
      throw toDeployError(e, { host: m.host, service: where.service });
    }
  }

  return {
    async preflight(r: DeployRecord) {
      const c = await context(r.id);
      const spec = readStoredSpec(revisionSpecJson(c.rev));
      const prev = r.previousRevisionId ? await db.appRevision.findFirst({ where: { id: r.previousRevisionId, appId: c.app.id } }) : null;
      const base = {
        tenantId: c.app.tenantId,
        environmentId: c.app.environmentId,
        appId: c.app.id,
        spec,
        previous: prev ? readStoredSpec(revisionSpecJson(prev)) : null,
      };
      // Policies before the first engine call (not even a manager lookup).
      await runPolicies(base, deps.preflightPolicies);
      // Issue 17: in a region with its own registry the images are checked there, after any copy
      // they wait for (a copy that fails fails the deploy with the reason, before any engine call).
      const images = spec.services.map((s) => s.image);
      const regional = deps.regionPullFor ? await deps.regionPullFor(c.app.environmentId, c.app.tenantId, images) : null;
      const pulled = regional ? { ...spec, services: spec.services.map((s) => ({ ...s, image: regional.images[s.image] ?? s.image })) } : spec;
      const m = await manager(c.app.environmentId, c.hostName);
      try {
        const registryAuth = regional ? Promise.resolve(regional.registryAuth) : deps.registryAuthFor(c.app.tenantId, images);
        registryAuth.catch(() => undefined); // awaited (and reported) by the checks
        await retry(c.app.environmentId, "preflight", () =>
          runEngineChecks({
            engine: m.engine,
            spec: pulled,
            registryAuth: () => registryAuth,
            ownServiceIds: async () => new Set((await listAppServices(m.engine, c.app.id)).map((s) => s.id)),
          }),
        );
      } catch (e) {
        throw toDeployError(e, { host: m.host });
      }
    },

    async apply(r: DeployRecord) {
      await apply(r.id);
    },

    async converge(r: DeployRecord, hooks): Promise<ConvergeVerdict> {
      const c = await context(r.id);
      const m = await manager(c.app.environmentId, c.hostName);
      const spec = readStoredSpec(revisionSpecJson(c.rev));
      let result: ConvergenceResult;
      try {
        // no step retry here: the wait itself asks again while the engine is slow to answer
        result = await waitForConvergence(m.engine, c.app.id, {
          timeoutMs: deps.convergeTimeoutMs,
          pollMs: deps.pollMs ?? DEPLOY_POLL_MS,
          unansweredGraceMs: CONVERGE_UNANSWERED_MS,
          expectServices: spec.services.map((s) => s.name),
          onProgress: (o) => hooks.onServices(toServiceProgress(o, c.hostOfNode)),
          shouldStop: hooks.cancelRequested,
        });
      } catch (e) {
        if (isUnreachable(e)) lookAgain.add(c.app.environmentId); // the restore looks for a manager again
        return { kind: "failed", error: toDeployError(e, { host: m.host }) };
      }
      if (result.ok) {
        // The rows know their engine services and replicas before the revision is committed, so
        // the app is complete the moment it says healthy (and the reconciler sees no drift).
        await adopt(c.app.id, result.observation);
        if (converged.size >= 100) converged.delete(converged.keys().next().value!); // a run that never got to afterHealthy
        converged.set(r.id, result.observation);
        return { kind: "healthy" };
      }
      if (result.kind === "cancelled") return { kind: "cancelled" };
      return { kind: "failed", error: convergenceError(result, deps.convergeTimeoutMs, c.hostOfNode) };
    },

    async restore(r: DeployRecord) {
      const c = await context(r.id);
      const m = await manager(c.app.environmentId, c.hostName);
      try {
        if (!r.previousRevisionId) {
          // Nothing of this app ever ran: leave no labelled leftovers on the engine (T24).
          await retry(c.app.environmentId, "restore", () => removeApp(m.engine, c.app.id));
          return;
        }
      } catch (e) {
        throw toDeployError(e, { host: m.host });
      }
      await apply(r.previousRevisionId);
      // Serving again before the deploy says "ended": wait for the previous revision's tasks.
      const prev = await db.appRevision.findUniqueOrThrow({ where: { id: r.previousRevisionId } });
      const names = readStoredSpec(revisionSpecJson(prev)).services.map((s) => s.name);
      const back = await waitForConvergence(m.engine, c.app.id, {
        timeoutMs: deps.convergeTimeoutMs,
        pollMs: deps.pollMs ?? DEPLOY_POLL_MS,
        unansweredGraceMs: CONVERGE_UNANSWERED_MS,
        expectServices: names,
      }).catch(() => null);
      if (back?.observation) await adopt(c.app.id, back.observation);
    },

    afterHealthy(r: DeployRecord) {
      const done = recordHealthy(r);
      const settled: Promise<void> = done.then(
        () => undefined,
        () => undefined,
      );
      afterOf.set(r.appId, settled);
      void settled.then(() => afterOf.get(r.appId) === settled && afterOf.delete(r.appId));
      return done;
    },
  };

  /** After a deploy became healthy: what runs now, and the secret/config versions no longer used. */
  async function recordHealthy(r: DeployRecord) {
    const c = await context(r.id);
    const m = await manager(c.app.environmentId, c.hostName);
    // Once the service rows carry the revision's desired replicas: record what runs now (what the
    // convergence wait saw a moment ago; a resumed run, which has none, asks the engine).
    const seen = converged.get(r.id);
    converged.delete(r.id);
    const obs = seen ?? (await observeApp(m.engine, c.app.id).catch(() => null));
    if (obs) await adopt(c.app.id, obs);
    // Secret/config versions this revision no longer uses (best effort: the next deploy retries).
    const spec = readStoredSpec(revisionSpecJson(c.rev));
    const refersToFiles = (spec.secrets?.length ?? 0) + (spec.configs?.length ?? 0) > 0;
    const files = refersToFiles ? await deps.filesFor(c.app.environmentId, spec, c.app.tenantId).catch(() => null) : [];
    if (files === null) return;
    await pruneUnusedFiles(m.engine, c.app.id, files);
  }
}
