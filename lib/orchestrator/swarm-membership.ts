// Creating an environment's swarm on its first host and joining further hosts.
import { appError } from "@/lib/errors";
import type { Engine, JoinTokens } from "@/lib/docker";

export interface InitSwarmOptions {
  /** The host address other nodes and the portal reach it at (no port: 2377 is implied). */
  advertiseAddr: string;
  listenAddr?: string;
  /** Overlay subnets come from here; must not overlap the hosts' own networks (10.0.0.0/8 is
   * swarm's default and often does). */
  defaultAddrPool: string[];
  subnetSize?: number;
}

export interface SwarmIdentity {
  nodeId: string;
  clusterId: string;
  joinTokens: JoinTokens;
}

// 1 s heartbeats: a lost host is marked down within a few seconds (5 s default: ~15 s).
const HEARTBEAT_NS = 1_000_000_000;
// Failed tasks are only kept for diagnosis; a small history keeps task lists (and observeApp) cheap.
const TASK_HISTORY = 3;

export async function initSwarm(engine: Engine, o: InitSwarmOptions): Promise<SwarmIdentity> {
  const nodeId = await engine.swarmInit({
    advertiseAddr: o.advertiseAddr,
    listenAddr: o.listenAddr,
    defaultAddrPool: o.defaultAddrPool,
    subnetSize: o.subnetSize ?? 24,
    spec: {
      Orchestration: { TaskHistoryRetentionLimit: TASK_HISTORY },
      Dispatcher: { HeartbeatPeriod: HEARTBEAT_NS },
    },
  });
  const s = await engine.swarmInspect();
  return { nodeId, clusterId: s.clusterId, joinTokens: s.joinTokens };
}

export interface JoinSwarmOptions {
  /** "10.77.0.11" or "10.77.0.11:2377" */
  managerAddr: string;
  /** Worker (or manager) join token from the manager's swarmInspect. */
  token: string;
  advertiseAddr: string;
  listenAddr?: string;
}

export async function joinSwarm(engine: Engine, o: JoinSwarmOptions): Promise<{ nodeId: string }> {
  const remote = /:\d+$/.test(o.managerAddr) && !o.managerAddr.endsWith("]") ? o.managerAddr : `${o.managerAddr}:2377`;
  await engine.swarmJoin({ remoteAddrs: [remote], joinToken: o.token, advertiseAddr: o.advertiseAddr, listenAddr: o.listenAddr });
  const info = await engine.info();
  return { nodeId: info.swarm.nodeId ?? "" };
}

/** Promote a worker and wait until it really acts as a manager. Swarm records the new role at
 * once, but the node needs ~2 s (lab) to get manager certificates and join raft; until then its
 * engine answers "not a swarm manager" to every cluster call, so it must not be used as one. */
export async function promoteToManager(manager: Engine, node: { engine: Engine; nodeId: string }, opts?: { timeoutMs?: number }): Promise<void> {
  await manager.updateNode(node.nodeId, { role: "manager" });
  const deadline = Date.now() + (opts?.timeoutMs ?? 30_000);
  for (;;) {
    const [info, seen] = await Promise.all([node.engine.info(), manager.inspectNode(node.nodeId)]);
    if (info.swarm.isManager && seen.managerReachability === "reachable") return;
    if (Date.now() > deadline) {
      const seconds = Math.round((opts?.timeoutMs ?? 30_000) / 1000);
      throw appError(
        "INTERNAL",
        "orchestratorErrors.promoteFailed",
        { seconds },
        `Engine ${node.engine.endpoint}: promote to manager failed: not a reachable manager after ${seconds} s`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
