// Writes what swarm reports for one app into the database: replicas running per service, one
// Container row per task (with the host that runs it), service events on change, and drift.
// Ownership never comes from engine labels: only services whose engine id the portal recorded
// (or, during a deploy, whose name and label the driver checked) are matched to rows.
import { db, type Prisma } from "@/lib/db";
import { insertRows, rowId } from "@/lib/db/sql-rows";
import { storedText, storedTextColumns, type StoredText } from "@/lib/errors";
import type { AppObservation } from "@/lib/orchestrator";
import { announceAppChanged } from "./app-signals";
import { serviceLastError } from "./last-error";

const SETTLED = new Set(["running", "degraded", "stopped", "drifted"]);

/** An unchanged service's `observedAt` is written at most this often (the dashboard calls an app
 * stale after 60 s without an observation); a change is written at once. */
export const OBSERVED_WRITE_MS = 15_000;

const CONTAINER_COLUMNS = { taskId: true, engineId: true, hostId: true, slot: true, state: true, desiredState: true, error: true } as const;
type ContainerColumns = Omit<Prisma.ContainerGetPayload<{ select: typeof CONTAINER_COLUMNS }>, "taskId">;
const CONTAINER_UPDATES: (keyof ContainerColumns)[] = ["engineId", "hostId", "slot", "state", "desiredState", "error"];
const sameContainer = (a: ContainerColumns, b: ContainerColumns) =>
  a.engineId === b.engineId && a.hostId === b.hostId && a.slot === b.slot && a.state === b.state && a.desiredState === b.desiredState && a.error === b.error;

export async function recordObservation(appId: string, obs: AppObservation, opts: { adoptIds?: boolean } = {}): Promise<void> {
  // Each round observes every app: only what changed is written (issue 20: a round wrote every
  // container of every service, one compiled upsert each, whether it changed or not).
  const app = await db.app.findUnique({ where: { id: appId }, include: { services: { include: { containers: { select: CONTAINER_COLUMNS } } } } });
  if (!app) return;
  const hosts = await db.host.findMany({ where: { environmentId: app.environmentId }, select: { id: true, nodeId: true } });
  const hostOfNode = new Map(hosts.filter((h) => h.nodeId).map((h) => [h.nodeId!, h.id]));
  const now = new Date();
  let allUp = true;
  let allZero = true;
  let drift = false;
  let changed = false; // anything a watcher of the app would see: live sockets are told
  // the round's new events and new or changed containers, written at the end in one statement each
  // (issue 20: a deploy of five services wrote ten rows one statement at a time, a scale of twenty
  // twenty upserts, while the deploy's job and the scale's follower waited for them)
  const events: Record<string, string | null | Date>[] = [];
  const event = (serviceId: string, type: string, text: StoredText | string) =>
    events.push({
      id: rowId(),
      serviceId,
      type,
      ...(typeof text === "string" ? { message: text, messageKey: null, messageParams: null } : storedTextColumns(text)),
      createdAt: now,
    });
  const containers: Record<string, string | number | null | Date>[] = [];

  for (const svc of app.services) {
    const o = obs.services.find((x) => (svc.swarmServiceId ? x.serviceId === svc.swarmServiceId : opts.adoptIds && x.name === svc.name));
    if (!o) {
      if (svc.swarmServiceId && app.status !== "deploying") {
        drift = true;
        if (svc.lastError !== "missing from the engine")
          event(
            svc.id,
            "drift",
            storedText("storedTexts.events.driftRemoved", undefined, "The service was removed outside the portal; redeploy to repair it."),
          );
        if (svc.runningReplicas !== 0 || svc.lastError !== "missing from the engine") changed = true;
        await db.service.update({ where: { id: svc.id }, data: { runningReplicas: 0, lastError: "missing from the engine", observedAt: now } });
        await db.container.deleteMany({ where: { serviceId: svc.id } });
      }
      allUp = false;
      continue;
    }
    // what the tasks say now: cleared once the latest task of every slot runs (last-error.ts)
    const lastError = serviceLastError(o.tasks);
    if (o.desired !== svc.desiredReplicas && app.status !== "deploying") {
      drift = true;
      if (svc.lastError !== "replicas changed outside the portal")
        event(
          svc.id,
          "drift",
          storedText(
            "storedTexts.events.driftReplicas",
            { desired: o.desired, portal: svc.desiredReplicas },
            `Replicas were changed outside the portal to ${o.desired} (portal: ${svc.desiredReplicas}).`,
          ),
        );
    }
    if (o.running !== svc.runningReplicas || o.desired !== svc.desiredReplicas) changed = true;
    if (o.running !== svc.runningReplicas)
      event(svc.id, "replicas", storedText("storedTexts.events.replicas", { running: o.running, desired: o.desired }, `${o.running}/${o.desired} running`));
    if (lastError && lastError !== svc.lastError) event(svc.id, "task-error", lastError);
    const nextError = o.desired !== svc.desiredReplicas && app.status !== "deploying" ? "replicas changed outside the portal" : lastError;
    const adopt = opts.adoptIds && !svc.swarmServiceId;
    if (
      o.running !== svc.runningReplicas ||
      nextError !== svc.lastError ||
      adopt ||
      !svc.observedAt ||
      now.getTime() - svc.observedAt.getTime() >= OBSERVED_WRITE_MS
    ) {
      await db.service.update({
        where: { id: svc.id },
        data: { runningReplicas: o.running, observedAt: now, lastError: nextError, ...(adopt ? { swarmServiceId: o.serviceId } : {}) },
      });
    }
    if (o.running < o.desired) allUp = false;
    if (o.desired > 0) allZero = false;

    const live = o.tasks.filter((t) => t.desiredState === "running" || t.state === "running");
    const known = new Map(svc.containers.map((c) => [c.taskId, c]));
    for (const t of live) {
      const data = {
        engineId: t.containerId ?? null,
        hostId: t.nodeId ? (hostOfNode.get(t.nodeId) ?? null) : null,
        slot: t.slot ?? null,
        state: t.state,
        desiredState: t.desiredState,
        error: t.error ?? null,
      };
      const row = known.get(t.taskId);
      if (row && sameContainer(row, data)) continue;
      containers.push({ id: rowId(), tenantId: app.tenantId, serviceId: svc.id, taskId: t.taskId, ...data, updatedAt: now });
    }
    const liveIds = new Set(live.map((t) => t.taskId));
    const gone = svc.containers.filter((c) => !liveIds.has(c.taskId)).map((c) => c.taskId);
    if (gone.length > 0) await db.container.deleteMany({ where: { serviceId: svc.id, taskId: { in: gone } } });
  }

  // an upsert: a concurrent observation of the same app (the deploy's and the loop's) may have
  // written a row since it was read
  await insertRows(db, "Container", containers, { key: "taskId", update: [...CONTAINER_UPDATES, "updatedAt"] });
  await insertRows(db, "ServiceEvent", events);

  if (SETTLED.has(app.status)) {
    const status = drift ? "drifted" : allZero ? "stopped" : allUp ? "running" : "degraded";
    if (status !== app.status) {
      await db.app.update({ where: { id: app.id }, data: { status } });
      changed = true;
    }
  }
  if (changed) announceAppChanged(app.id);
}
