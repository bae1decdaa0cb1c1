// The deploy state machine's persistence (DeployStore) on Prisma: the revision row holds the phase,
// the progress and the failure; the app's service rows, leases and current revision change only
// when a revision ends (healthy: it becomes the desired state; failed/cancelled: what it took is
// given back). The database client is a parameter (wired in server.ts).
import { Prisma, type Tx } from "@/lib/db";
import { queryRows } from "@/lib/db/sql-rows";
import type { PrismaClient } from "@prisma/client";
import { readStoredSpec, type AppSpec } from "@/lib/compose";
import { notFound } from "@/lib/errors";
import { leasePorts } from "@/lib/ports/lease-ports";
import { revisionSpecJson } from "./app-variables";
import type { DeployRecord, DeployStore } from "./deploy-machine";
import { isFinal, parseFailure, parseProgress, type DeployFailure, type DeployPhase, type DeployProgress } from "./deploy-state";

/** The legacy `status` column follows the phase (revision lists, exports, older clients). */
export function statusOfPhase(phase: DeployPhase): string {
  if (phase === "pending") return "pending";
  if (phase === "healthy") return "succeeded";
  if (phase === "failed" || phase === "cancelled") return phase;
  return "deploying";
}

function specOf(rev: { specJson: string; secretVariablesEnc?: string | null }): AppSpec {
  return readStoredSpec(revisionSpecJson(rev));
}

/** The service rows of `spec` as the app's desired state (created, updated, the rest removed). */
async function writeServiceRows(tx: Tx, app: { id: string; tenantId: string; environmentId: string }, spec: AppSpec): Promise<void> {
  const existing = await tx.service.findMany({ where: { appId: app.id } });
  const wanted = new Set(spec.services.map((s) => s.name));
  const gone = existing.filter((s) => !wanted.has(s.name)).map((s) => s.id);
  if (gone.length) {
    await tx.portLease.deleteMany({ where: { serviceId: { in: gone } } });
    await tx.service.deleteMany({ where: { id: { in: gone } } });
  }
  const byName = new Map(existing.map((s) => [s.name, s]));
  for (const s of spec.services) {
    const row = byName.get(s.name);
    // A global service's count is what swarm schedules; the reconciler records it.
    const desired = s.mode === "global" ? (row?.desiredReplicas ?? 0) : s.replicas;
    if (row) {
      // unchanged rows (a first deploy's, written when it was submitted) are not written again
      if (row.image !== s.image || row.desiredReplicas !== desired || row.lastError !== null)
        await tx.service.update({ where: { id: row.id }, data: { image: s.image, desiredReplicas: desired, lastError: null } });
    } else
      await tx.service.create({
        data: { tenantId: app.tenantId, environmentId: app.environmentId, appId: app.id, name: s.name, image: s.image, desiredReplicas: desired },
      });
  }
}

interface LoadedRevision {
  id: string;
  appId: string;
  phase: string;
  progressJson: string | null;
  failureJson: string | null;
  cancelRequestedAt: unknown;
  previousRevisionId: string | null;
}

/** `onAppChanged`: live subscribers of the app are told (lib/reconcile/app-signals). */
export function prismaDeployStore(db: PrismaClient, o: { onAppChanged?: (appId: string) => void } = {}): DeployStore {
  const changed = (appId: string) => o.onAppChanged?.(appId);
  // The machine reloads the persisted state before every step and each publish reads it again:
  // about twenty loads a deploy, a plain statement each (a model call is compiled every time, issue 20).
  const load = async (revisionId: string): Promise<DeployRecord> => {
    const rows = await queryRows<LoadedRevision>(
      db,
      Prisma.sql`
      SELECT "id", "appId", "phase", "progressJson", "failureJson", "cancelRequestedAt", "previousRevisionId"
      FROM "AppRevision" WHERE "id" = ${revisionId}`,
    );
    const r = rows[0];
    if (!r) throw notFound();
    return {
      id: r.id,
      appId: r.appId,
      phase: r.phase as DeployPhase,
      progress: parseProgress(r.progressJson),
      failure: parseFailure(r.failureJson),
      cancelRequested: r.cancelRequestedAt !== null,
      previousRevisionId: r.previousRevisionId,
    };
  };

  return {
    load,

    async setPhase(revisionId, from, to, progress) {
      // Leaving pending: the revision serving now is the one a failure or cancel restores (deploys
      // of one app run one at a time, so it is known only when this one starts).
      const previous = from === "pending" ? await servingRevisionId(db, revisionId) : undefined;
      const r = await db.appRevision.updateMany({
        where: { id: revisionId, phase: from },
        data: {
          phase: to,
          status: statusOfPhase(to),
          progressJson: JSON.stringify(progress),
          ...(isFinal(to) ? { finishedAt: new Date() } : {}),
          ...(previous !== undefined ? { previousRevisionId: previous } : {}),
        },
      });
      return r.count === 1;
    },

    async saveProgress(revisionId, progress) {
      await db.appRevision.updateMany({
        where: { id: revisionId, phase: { notIn: ["healthy", "failed", "cancelled"] } },
        data: { progressJson: JSON.stringify(progress) },
      });
    },

    async recordFailure(revisionId, failure: DeployFailure) {
      await db.appRevision.update({ where: { id: revisionId }, data: { failureJson: JSON.stringify(failure), error: failure.message.slice(0, 2000) } });
    },

    async commitHealthy(revisionId, progress: DeployProgress) {
      await db.$transaction(async (tx) => {
        const rev = await tx.appRevision.findUniqueOrThrow({ where: { id: revisionId }, include: { app: true } });
        await writeServiceRows(tx, rev.app, specOf(rev));
        await tx.appRevision.updateMany({ where: { appId: rev.appId, status: "succeeded", id: { not: rev.id } }, data: { status: "superseded" } });
        await tx.appRevision.update({ where: { id: rev.id }, data: { progressJson: JSON.stringify(progress), error: null } });
        await tx.app.update({ where: { id: rev.appId }, data: { status: "running", currentRevisionId: rev.id } });
      });
      changed((await load(revisionId)).appId);
    },

    async commitEnded(revisionId, phase, progress) {
      await endRevision(revisionId, phase, progress);
      changed((await load(revisionId)).appId);
    },
  };

  async function endRevision(revisionId: string, phase: "failed" | "cancelled", progress: DeployProgress) {
    await db.$transaction(async (tx) => {
      const rev = await tx.appRevision.findUniqueOrThrow({ where: { id: revisionId }, include: { app: { include: { environment: true } } } });
      const app = rev.app;
      const prev = rev.previousRevisionId ? await tx.appRevision.findFirst({ where: { id: rev.previousRevisionId, appId: app.id } }) : null;
      await tx.appRevision.update({ where: { id: rev.id }, data: { progressJson: JSON.stringify(progress) } });
      if (!prev) {
        // A first deploy: nothing of it runs any more; the ports it took are free again.
        await tx.portLease.deleteMany({ where: { appId: app.id } });
        await tx.service.updateMany({ where: { appId: app.id }, data: { swarmServiceId: null, runningReplicas: 0 } });
        await tx.container.deleteMany({ where: { service: { appId: app.id } } });
        await tx.app.update({ where: { id: app.id }, data: { status: phase === "cancelled" ? "stopped" : "failed" } });
        return;
      }
      // A redeploy: the rows this revision added go, the previous revision's leases come back.
      const prevSpec = specOf(prev);
      const keep = new Set(prevSpec.services.map((s) => s.name));
      const added = (await tx.service.findMany({ where: { appId: app.id } })).filter((s) => !keep.has(s.name)).map((s) => s.id);
      if (added.length) {
        await tx.portLease.deleteMany({ where: { serviceId: { in: added } } });
        await tx.service.deleteMany({ where: { id: { in: added } } });
      }
      const rows = new Map((await tx.service.findMany({ where: { appId: app.id } })).map((s) => [s.name, s.id]));
      try {
        await leasePorts(
          tx,
          { ...app.environment, tenantId: app.tenantId },
          app.id,
          prevSpec.services.filter((s) => rows.has(s.name)).map((s) => ({ serviceId: rows.get(s.name)!, serviceName: s.name, ports: s.ports })),
        );
      } catch (e) {
        // Another app took a port meanwhile: the previous revision keeps what is left.
        console.error("[deploy] restoring the previous revision's port leases failed:", e instanceof Error ? e.message : e);
      }
      await tx.app.update({ where: { id: app.id }, data: { status: "running" } });
    });
  }
}

/** The app's serving revision (its current one if healthy, else its latest healthy one), not `self`. */
async function servingRevisionId(db: PrismaClient, self: string): Promise<string | null> {
  const rev = await db.appRevision.findUniqueOrThrow({ where: { id: self }, include: { app: { select: { currentRevisionId: true } } } });
  const cur = rev.app.currentRevisionId;
  if (cur && cur !== self) {
    const c = await db.appRevision.findFirst({ where: { id: cur, appId: rev.appId, phase: "healthy" }, select: { id: true } });
    if (c) return c.id;
  }
  const last = await db.appRevision.findFirst({
    where: { appId: rev.appId, phase: "healthy", id: { not: self } },
    orderBy: { number: "desc" },
    select: { id: true },
  });
  return last?.id ?? null;
}
