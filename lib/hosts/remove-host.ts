// Remove a host: drain it so swarm moves its tasks, wait for them to leave, make it leave the
// swarm, and remove the node. A persisted job, because draining waits on the engine.
import { db } from "@/lib/db";
import { appError, storedText } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { enqueueJob, type JobContext } from "@/lib/jobs";
import { withLock } from "@/lib/jobs/keyed-mutex";
import { isUnreachable } from "@/lib/docker";
import { loadHost } from "./list-hosts";
import { hostEngine, managerEngine } from "./host-engine";

export async function removeHost({ actor, hostId }: { actor: Actor; hostId: unknown }): Promise<{ jobId: string }> {
  const host = await loadHost(actor, hostId);
  authorize(actor, "host.manage", { tenantId: host.tenantId, kind: "Host" });
  return db.$transaction(async (tx) => {
    const remaining = await tx.host.count({ where: { environmentId: host.environmentId, id: { not: host.id } } });
    if (remaining === 0 && (await tx.app.count({ where: { environmentId: host.environmentId } })) > 0) {
      throw appError("CONFLICT", "hostErrors.lastHost", undefined, "This is the environment's last host and apps still run on it; delete the apps first.");
    }
    if (remaining > 0 && host.swarmRole === "manager") {
      const otherManagers = await tx.host.count({
        where: { environmentId: host.environmentId, swarmRole: "manager", id: { not: host.id }, status: { not: "removing" } },
      });
      if (otherManagers === 0)
        throw appError("CONFLICT", "hostErrors.onlyManager", undefined, "This host is the swarm's only manager; remove the other hosts first.");
    }
    await tx.host.update({ where: { id: host.id }, data: { status: "removing" } });
    await recordAudit(tx, { actor, tenantId: host.tenantId, action: "host.remove", targetType: "host", targetId: host.id, details: { name: host.name } });
    const job = await enqueueJob(tx, {
      kind: "host.remove",
      payload: { hostId: host.id },
      tenantId: host.tenantId,
      createdById: actor.userId,
      lockKey: `env:${host.environmentId}`,
    });
    return { jobId: job.id };
  });
}

export async function runRemoveHost(ctx: JobContext): Promise<unknown> {
  const host = await db.host.findUnique({ where: { id: String(ctx.payload.hostId) } });
  if (!host) return { removed: false };
  try {
    return await removeFromSwarm(ctx, host);
  } catch (e) {
    await giveHostBack(host.id, e);
    throw e;
  }
}

/** A removal whose process died: the host is given back (it may be removed again). */
export async function recoverRemoveHost(ctx: JobContext): Promise<void> {
  await giveHostBack(String(ctx.payload.hostId), new Error("the portal process stopped during the removal"));
}

/** A failed removal leaves the host listed and removable again, with the reason; the reconcile
 * loop (which skips "removing" hosts) sets its real status on its next pass. */
async function giveHostBack(hostId: string, e: unknown): Promise<void> {
  const reason = e instanceof Error ? e.message : String(e);
  await db.host
    .updateMany({
      where: { id: hostId, status: "removing" },
      data: { status: isUnreachable(e) ? "unreachable" : "ready", lastError: `The removal failed (${reason.slice(0, 300)}); remove the host again.` },
    })
    .catch((err) => console.error(`[hosts] could not give host ${hostId} back after a failed removal`, err));
}

async function removeFromSwarm(ctx: JobContext, host: NonNullable<Awaited<ReturnType<typeof db.host.findUnique>>>): Promise<unknown> {
  return withLock(`env:${host.environmentId}`, async () => {
    const others = await db.host.count({ where: { environmentId: host.environmentId, id: { not: host.id } } });
    const engine = hostEngine(host, 10_000);
    if (others === 0) {
      await ctx.progress(50, storedText("storedTexts.jobs.leavingSwarmLast", undefined, "Leaving the swarm (last host)"));
      await engine.swarmLeave({ force: true }).catch((e) => {
        if (!isUnreachable(e)) throw e;
      });
      await db.$transaction([
        db.host.delete({ where: { id: host.id } }),
        db.hostMetricSample.deleteMany({ where: { hostId: host.id } }),
        db.environment.update({ where: { id: host.environmentId }, data: { swarmClusterId: null, joinTokenWorkerEnc: null, joinTokenManagerEnc: null } }),
      ]);
      return { removed: true };
    }
    const { engine: manager } = await managerEngine(host.environmentId);
    if (host.nodeId) {
      await ctx.progress(10, storedText("storedTexts.jobs.draining", undefined, "Draining: swarm moves the host's tasks elsewhere"));
      if (host.swarmRole === "manager") await manager.updateNode(host.nodeId, { role: "worker" }).catch(() => undefined);
      await manager.updateNode(host.nodeId, { availability: "drain" });
      const until = Date.now() + 90_000;
      while (Date.now() < until) {
        const tasks = await manager.listTasks({ node: [host.nodeId], "desired-state": ["running"] });
        if (tasks.length === 0) break;
        await ctx.progress(30, storedText("storedTexts.jobs.waitingTasksMove", { count: tasks.length }, `Waiting for ${tasks.length} task(s) to move`));
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    await ctx.progress(70, storedText("storedTexts.jobs.leavingSwarm", undefined, "Leaving the swarm"));
    await engine.swarmLeave({ force: false }).catch((e) => {
      if (!isUnreachable(e)) return engine.swarmLeave({ force: true });
    });
    if (host.nodeId) {
      // The node needs a moment to be seen as down before swarm lets it be removed.
      const until = Date.now() + 30_000;
      for (;;) {
        try {
          await manager.removeNode(host.nodeId, { force: Date.now() > until - 20_000 });
          break;
        } catch (e) {
          if (Date.now() > until) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
    await db.host.delete({ where: { id: host.id } });
    await db.hostMetricSample.deleteMany({ where: { hostId: host.id } });
    return { removed: true };
  });
}
