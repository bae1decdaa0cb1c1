// A host's scheduling availability (active / drain / pause) and its node labels, read from the
// swarm itself: the engine node's Spec is the truth. Pages and the REST list answer from the copy
// on the host row at once (they never wait for an engine: a dead manager must not slow them) and
// refresh that copy from one manager of the environment in the background, at most every
// REFRESH_MS per environment. Writes through the portal (drain, labels) update the copy directly.
import { db } from "@/lib/db";
import { managerEngine } from "./host-engine";

export type HostAvailability = "active" | "drain" | "pause";

export interface NodeState {
  availability: HostAvailability;
  labels: Record<string, string>;
}

interface Row {
  id: string;
  environmentId: string;
  nodeId: string | null;
  availability: string;
  labels: string;
}

const REFRESH_MS = 2_000;
// for listNodes alone: the manager found moments ago is reused (a lookup asks up to three more
// engine questions, and a loaded manager needs seconds for each)
const DEADLINE_MS = 10_000;
const lastRefresh = new Map<string, number>();
const running = new Map<string, Promise<void>>();
/** Environments whose last refresh failed: the next one looks the manager up again. */
const lookAgain = new Set<string>();

export function cachedNodeState(h: Pick<Row, "availability" | "labels">): NodeState {
  let labels: Record<string, string> = {};
  try {
    const v = JSON.parse(h.labels) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) labels = v as Record<string, string>;
  } catch {
    /* the default */
  }
  return { availability: (["active", "drain", "pause"].includes(h.availability) ? h.availability : "active") as HostAvailability, labels };
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error("node state timeout")), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** Reads the environment's nodes from a manager and updates the hosts' copies (deduplicated). */
export function refreshNodeStates(environmentId: string): Promise<void> {
  const inFlight = running.get(environmentId);
  if (inFlight) return inFlight;
  lastRefresh.set(environmentId, Date.now());
  const p = (async () => {
    // the reconcile loop notes the leader each round (noteManager): usually no lookup at all
    const { engine } = await managerEngine(environmentId, { reuse: !lookAgain.delete(environmentId) });
    const nodes = await within(engine.listNodes(), DEADLINE_MS);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const hosts = await db.host.findMany({
      where: { environmentId, nodeId: { not: null } },
      select: { id: true, nodeId: true, labels: true, availability: true },
    });
    for (const h of hosts) {
      const n = byId.get(h.nodeId!);
      if (!n) continue;
      const labels = JSON.stringify(n.labels ?? {});
      if (labels !== h.labels || n.availability !== h.availability) {
        await db.host.update({ where: { id: h.id }, data: { labels, availability: n.availability } }).catch(() => undefined);
      }
    }
  })()
    .catch(() => void lookAgain.add(environmentId))
    .finally(() => running.delete(environmentId));
  running.set(environmentId, p);
  return p;
}

/** The hosts' node states as last read from the swarm; starts a background refresh when due. */
export function hostNodeStates(hosts: Row[]): Map<string, NodeState> {
  for (const env of new Set(hosts.filter((h) => h.nodeId).map((h) => h.environmentId))) {
    if (Date.now() - (lastRefresh.get(env) ?? 0) >= REFRESH_MS) void refreshNodeStates(env);
  }
  return new Map(hosts.map((h) => [h.id, cachedNodeState(h)]));
}
