// The reconcile loop: every few seconds, per environment in parallel, ask the hosts and the swarm
// what is real and write it down (host status, replicas, containers, drift). Each engine call has
// a short deadline, so one dead host slows nothing but its own row (T27).
import { db } from "@/lib/db";
import { isUnreachable } from "@/lib/docker";
import { engineDeadlineMs, hostEngine, noteManager } from "@/lib/hosts/host-engine";
import { observeApps, type AppObservation } from "@/lib/orchestrator";
import { OBSERVED_WRITE_MS, recordObservation } from "./record-observation";
import { EventWatchers } from "./event-watcher";
import { appSignals } from "./app-signals";

const PROBE_TIMEOUT_MS = 3_000;
const SEEN_WRITE_MS = 30_000;

async function probeHosts(environmentId: string) {
  const hosts = await db.host.findMany({ where: { environmentId, status: { not: "removing" } } });
  const probes = await Promise.all(
    hosts.map(async (h) => {
      try {
        const info = await hostEngine(h, engineDeadlineMs(h.endpoint, PROBE_TIMEOUT_MS)).info();
        return { h, ok: true as const, info };
      } catch (e) {
        return { h, ok: false as const, error: isUnreachable(e) ? "host unreachable" : e instanceof Error ? e.message : "engine error" };
      }
    }),
  );
  // Swarm's own view of each node (down/ready) from the first manager that answers.
  const manager = probes.find((p) => p.ok && p.h.swarmRole === "manager");
  const nodeState = new Map<string, string>();
  if (manager) {
    try {
      for (const n of await hostEngine(manager.h, engineDeadlineMs(manager.h.endpoint, PROBE_TIMEOUT_MS)).listNodes()) {
        nodeState.set(n.id, n.state);
        // the leader answered this round as a manager: deploys and scales talk to it (host-engine.ts)
        const leader = n.leader ? probes.find((p) => p.ok && p.info.swarm.isManager && p.h.nodeId === n.id) : undefined;
        if (leader) noteManager(environmentId, leader.h);
      }
    } catch {
      /* keep the probe results */
    }
  }
  for (const p of probes) {
    const node = p.h.nodeId ? nodeState.get(p.h.nodeId) : undefined;
    const status = !p.ok ? "unreachable" : node === "down" ? "down" : "ready";
    const data = p.ok
      ? {
          status,
          lastSeenAt: new Date(),
          lastError: node === "down" ? "swarm reports the node down" : null,
          cpus: p.info.ncpu,
          memoryBytes: BigInt(p.info.memTotal),
          engineVersion: p.info.serverVersion,
        }
      : { status, lastError: p.error };
    const changed =
      p.h.status !== status ||
      p.h.lastError !== data.lastError ||
      (p.ok && (p.h.cpus !== p.info.ncpu || p.h.memoryBytes !== BigInt(p.info.memTotal) || p.h.engineVersion !== p.info.serverVersion));
    // "last seen" needs no write per round (every few seconds and on every engine event): a row
    // that changed is written at once, an unchanged one when its lastSeenAt is older than this.
    const stale = p.ok && (!p.h.lastSeenAt || Date.now() - p.h.lastSeenAt.getTime() > SEEN_WRITE_MS);
    if (changed || stale) await db.host.update({ where: { id: p.h.id }, data });
  }
  return manager ? hostEngine(manager.h, 10_000) : null;
}

/** What the last round recorded per app: an app whose observation is the same again is not read
 * from the database nor written (issue 20), until OBSERVED_WRITE_MS passed or the app changed
 * otherwise (a deploy, a scale: its app signal drops the entry). */
export type ObservationMemo = Map<string, { key: string; at: number }>;

export async function reconcileEnvironment(environmentId: string, memo: ObservationMemo = new Map()): Promise<void> {
  const manager = await probeHosts(environmentId);
  if (!manager) return;
  const apps = await db.app.findMany({ where: { environmentId, status: { not: "deleting" }, currentRevisionId: { not: null } }, select: { id: true } });
  if (apps.length === 0) return;
  let observed: Map<string, AppObservation>;
  try {
    observed = await observeApps(
      manager,
      apps.map((a) => a.id),
    );
  } catch (e) {
    if (!isUnreachable(e)) console.error(`[reconcile] environment ${environmentId}:`, e instanceof Error ? e.message : e);
    return;
  }
  if (memo.size > 20_000) memo.clear(); // deleted apps' entries
  for (const app of apps) {
    const obs = observed.get(app.id)!;
    const key = JSON.stringify(obs);
    const last = memo.get(app.id);
    if (last && last.key === key && Date.now() - last.at < OBSERVED_WRITE_MS) continue;
    try {
      await recordObservation(app.id, obs);
      memo.set(app.id, { key, at: Date.now() });
    } catch (e) {
      memo.delete(app.id);
      console.error(`[reconcile] app ${app.id}:`, e instanceof Error ? e.message : e);
    }
  }
}

export function startReconciler(opts: { intervalMs?: number } = {}): { stop(): Promise<void> } {
  const intervalMs = opts.intervalMs ?? Number(process.env.CAAS_RECONCILE_MS || 3_000);
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let stopped = false;
  const memo: ObservationMemo = new Map();
  const forget = (appId: string) => memo.delete(appId);
  appSignals.on("changed", forget);

  // One round per environment at a time; an event during a round asks for exactly one more.
  const reconcile = (envId: string) => {
    if (stopped) return;
    if (running.has(envId)) return void again.add(envId);
    const p = reconcileEnvironment(envId, memo)
      .catch((err) => console.error(`[reconcile] environment ${envId}:`, err instanceof Error ? err.message : err))
      .finally(() => {
        running.delete(envId);
        if (again.delete(envId)) reconcile(envId);
      });
    running.set(envId, p);
  };
  const pending = new Map<string, NodeJS.Timeout>();
  const watchers = new EventWatchers((envId) => {
    // Events come in bursts (a scale emits one per task): coalesce them.
    if (pending.has(envId)) return;
    pending.set(
      envId,
      setTimeout(() => (pending.delete(envId), reconcile(envId)), 200),
    );
  });

  const tick = async () => {
    if (stopped) return;
    const envs = await db.environment.findMany({ where: { hosts: { some: {} } }, select: { id: true } }).catch(() => []);
    await watchers.ensure(envs.map((e) => e.id));
    for (const e of envs) if (!running.has(e.id)) reconcile(e.id); // a slow environment never piles up rounds
  };
  const timer = setInterval(() => void tick(), intervalMs);
  void tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      appSignals.off("changed", forget);
      for (const t of pending.values()) clearTimeout(t);
      watchers.stopAll();
      await Promise.all(running.values());
    },
  };
}
