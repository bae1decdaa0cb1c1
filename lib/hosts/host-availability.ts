// A host's scheduling availability (active / drain / pause) and its node labels, read from the
// swarm itself: the engine node's Spec is the truth. Read with a short deadline through one
// manager per environment; what was read is cached on the host row, so the hosts list still shows
// the last known state (never waits long) when no manager answers.
import { db } from "@/lib/db";
import type { SwarmNode } from "@/lib/docker";
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

function cached(h: Row): NodeState {
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

/** The swarm's view of the hosts' nodes (cached view for the hosts whose swarm does not answer). */
export async function hostNodeStates(hosts: Row[], timeoutMs = 4_000): Promise<Map<string, NodeState>> {
  const out = new Map<string, NodeState>(hosts.map((h) => [h.id, cached(h)]));
  const envs = [...new Set(hosts.filter((h) => h.nodeId).map((h) => h.environmentId))];
  await Promise.all(
    envs.map(async (envId) => {
      let nodes: SwarmNode[];
      try {
        nodes = await within(
          managerEngine(envId).then(({ engine }) => engine.listNodes()),
          timeoutMs,
        );
      } catch {
        return;
      }
      const byId = new Map(nodes.map((n) => [n.id, n]));
      for (const h of hosts) {
        const n = h.environmentId === envId && h.nodeId ? byId.get(h.nodeId) : undefined;
        if (!n) continue;
        const state: NodeState = { availability: n.availability, labels: n.labels ?? {} };
        out.set(h.id, state);
        const labels = JSON.stringify(state.labels);
        if (labels !== h.labels || state.availability !== h.availability) {
          await db.host.update({ where: { id: h.id }, data: { labels, availability: state.availability } }).catch(() => undefined);
        }
      }
    }),
  );
  return out;
}
