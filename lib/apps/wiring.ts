// The deploy path's composition: the real database, engines, queue and clock, put together once by
// server.ts (use-cases through deploy-deps.ts, the job handlers through registerJobHandler).
import type { PrismaClient } from "@prisma/client";
import { enqueueJob } from "@/lib/jobs";
import { withLock } from "@/lib/jobs/keyed-mutex";
import { withQuota } from "@/lib/quotas";
import { managerEngine } from "@/lib/hosts";
import { deployRegistryAuthFor } from "@/lib/registry/deploy-credential";
import { resolvePortalFiles } from "@/lib/secrets/usage";
import { environmentLogDriver } from "@/lib/logging";
import { deployPullFor } from "@/lib/replication";
import { recordObservation } from "@/lib/reconcile/record-observation";
import { announceAppChanged } from "@/lib/reconcile/app-signals";
import { systemClock, type Clock, type DeployUseCaseDeps } from "./deploy-deps";
import { realDeployEngine } from "./deploy-engine";
import { deployJob } from "./deploy-job";
import { prismaDeployStore } from "./deploy-store";
import type { PreflightPolicy } from "./preflight";

export { deleteJob, startJob, stopJob } from "./app-jobs";

export function deployUseCaseDeps(db: PrismaClient, clock: Clock = systemClock): DeployUseCaseDeps {
  return { db, enqueue: enqueueJob, lock: withLock, quota: (request, fn) => withQuota(request, null, fn), clock };
}

export function deployJobHandler(db: PrismaClient, o: { clock?: Clock; preflightPolicies?: readonly PreflightPolicy[]; convergeTimeoutMs?: number } = {}) {
  return deployJob({
    store: prismaDeployStore(db, { onAppChanged: announceAppChanged }),
    clock: o.clock ?? systemClock,
    engine: realDeployEngine({
      db,
      managerEngine,
      registryAuthFor: deployRegistryAuthFor,
      filesFor: resolvePortalFiles,
      logDriverFor: environmentLogDriver,
      regionPullFor: deployPullFor,
      preflightPolicies: o.preflightPolicies ?? [],
      recordObservation: (appId, obs) => recordObservation(appId, obs, { adoptIds: true }),
      convergeTimeoutMs: o.convergeTimeoutMs ?? Number(process.env.CAAS_DEPLOY_TIMEOUT_MS || 120_000),
    }),
  });
}
