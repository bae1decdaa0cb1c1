// What swarm reports for an app right now: per service the desired and running replica counts and
// every task swarm still remembers (current and the small failure history).
import { isUnreachable, type Engine, type EngineTaskTemplate, type ServiceInfo, type TaskInfo } from "@/lib/docker";
import { LABEL, labelFilters } from "./labels";
import { appServicePrefix } from "./names";
import type { AppObservation, ServiceObservation, TaskObservation } from "./types";

/** The app's services: labelled with the app AND named with its prefix (labels alone can be forged). */
export async function listAppServices(manager: Engine, appId: string): Promise<ServiceInfo[]> {
  const prefix = appServicePrefix(appId);
  const list = await manager.listServices({ label: labelFilters({ app: appId }) });
  return list.filter((s) => s.name.startsWith(prefix));
}

/** Stable JSON: sorted keys, no undefined/null/empty containers, so equal specs compare equal. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Record<string, unknown>)[k]);
      if (c === undefined || c === null) continue;
      if (typeof c === "object" && !Array.isArray(c) && Object.keys(c as object).length === 0) continue;
      out[k] = c;
    }
    return out;
  }
  return v;
}

/** Swarm copies the service's task template into each task it creates; a task whose copy differs
 * belongs to an older generation that a rolling update is replacing. Ignored: registry
 * credentials (attached per task) and Runtime (the engine derives it on the service side only). */
export function taskTemplateKey(t: EngineTaskTemplate): string {
  const { PullOptions: _p, ...cs } = (t.ContainerSpec ?? {}) as EngineTaskTemplate["ContainerSpec"] & { PullOptions?: unknown };
  const { Runtime: _r, ...rest } = t;
  return JSON.stringify(canonical({ ...rest, ContainerSpec: cs }));
}

// The tasks of a service carry equal copies of its template: the canonical form is kept by the
// copy's plain JSON text (cheap: no sorting, no new objects), so a round that observes 1,000 tasks
// canonicalizes a few templates, not 1,000 (issue 20: the reconciler's top self time in a profile
// of the list phase).
const KEYS_MAX = 5_000;
const keysByText = new Map<string, string>();
function templateKey(t: EngineTaskTemplate): string {
  const text = JSON.stringify(t ?? null);
  let k = keysByText.get(text);
  if (k === undefined) {
    k = taskTemplateKey(t);
    if (keysByText.size >= KEYS_MAX) keysByText.clear();
    keysByText.set(text, k);
  }
  return k;
}

const ORDER: Record<string, number> = { running: 0, starting: 1, ready: 2, preparing: 3, assigned: 4, accepted: 5, pending: 6 };

function toTaskObservation(t: TaskInfo, current: boolean): TaskObservation {
  return {
    taskId: t.id,
    nodeId: t.nodeId,
    containerId: t.containerId,
    slot: t.slot,
    state: t.state,
    desiredState: t.desiredState,
    error: t.error,
    message: t.message,
    ...(t.exitCode !== undefined ? { exitCode: t.exitCode } : {}),
    since: t.timestamp,
    current,
  };
}

export function observeService(svc: ServiceInfo, tasks: TaskInfo[]): ServiceObservation {
  const mine = tasks.filter((t) => t.serviceId === svc.id);
  const template = templateKey(svc.spec.TaskTemplate);
  const obs = mine
    .map((t) => toTaskObservation(t, templateKey(t.spec) === template))
    .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || (ORDER[a.state] ?? 9) - (ORDER[b.state] ?? 9) || b.since.localeCompare(a.since));
  const global = !!svc.spec.Mode?.Global;
  const condition = svc.spec.TaskTemplate?.RestartPolicy?.Condition ?? "any";
  // A global service has no replica count: swarm schedules one task per eligible node.
  const globalDesired = () => svc.desiredTasks ?? new Set(obs.filter((t) => t.current && t.desiredState === "running").map((t) => t.nodeId ?? t.taskId)).size;
  return {
    name: svc.labels[LABEL.service] ?? svc.name,
    engineName: svc.name,
    serviceId: svc.id,
    desired: global ? globalDesired() : (svc.replicas ?? 0),
    running: obs.filter((t) => t.current && t.state === "running" && t.desiredState === "running").length,
    mode: global ? "global" : "replicated",
    oneShot: condition !== "any",
    completed: new Set(obs.filter((t) => t.current && t.state === "complete").map((t) => t.slot ?? t.nodeId ?? t.taskId)).size,
    updateState: svc.updateStatus?.state,
    updateMessage: svc.updateStatus?.message || undefined,
    tasks: obs,
  };
}

export async function observeApp(manager: Engine, appId: string): Promise<AppObservation> {
  const services = await listAppServices(manager, appId);
  const tasks = services.length > 0 ? await manager.listTasks({ service: services.map((s) => s.id) }) : [];
  return {
    appId,
    services: services.map((s) => observeService(s, tasks)).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Task lists asked per this many services (the engine's filter goes into the request's URL). */
const TASK_FILTER_CHUNK = 100;

/**
 * The reconciler's round (issue 20): every app of `appIds` observed from one list of the portal's
 * services and their tasks, instead of two engine calls per app (an environment with 230 apps
 * asked its manager 460 times a round). The same ownership check as listAppServices: the app's
 * label AND its name prefix. An app without services gets an empty observation.
 */
export async function observeApps(manager: Engine, appIds: readonly string[]): Promise<Map<string, AppObservation>> {
  const wanted = new Set(appIds);
  const servicesOf = new Map<string, ServiceInfo[]>(appIds.map((id) => [id, []]));
  for (const s of await manager.listServices({ label: labelFilters({ app: true }) })) {
    const appId = s.labels[LABEL.app];
    if (appId && wanted.has(appId) && s.name.startsWith(appServicePrefix(appId))) servicesOf.get(appId)!.push(s);
  }
  const ids = [...servicesOf.values()].flatMap((list) => list.map((s) => s.id));
  const tasksOf = new Map<string, TaskInfo[]>();
  for (let i = 0; i < ids.length; i += TASK_FILTER_CHUNK) {
    const chunk = ids.slice(i, i + TASK_FILTER_CHUNK);
    // A service removed since the list makes the engine refuse the whole filter ("service … not
    // found"): then this chunk's tasks come from the unfiltered list, so one app's removal never
    // costs the others their round.
    const list = await manager.listTasks({ service: chunk }).catch(async (e: unknown) => {
      if (isUnreachable(e)) throw e;
      const wanted = new Set(chunk);
      return (await manager.listTasks()).filter((t) => wanted.has(t.serviceId));
    });
    for (const t of list) {
      const list = tasksOf.get(t.serviceId);
      if (list) list.push(t);
      else tasksOf.set(t.serviceId, [t]);
    }
  }
  const out = new Map<string, AppObservation>();
  for (const [appId, services] of servicesOf) {
    out.set(appId, {
      appId,
      services: services.map((s) => observeService(s, tasksOf.get(s.id) ?? [])).sort((a, b) => a.name.localeCompare(b.name)),
    });
  }
  return out;
}
