// Swarm membership of one engine: init, inspect (join tokens), join, leave, update.
import type { EngineSwarmSpec } from "./spec-types";
import type { SwarmDetails } from "./types";
import type { OpContext } from "./context";

export interface SwarmInitOptions {
  /** "10.77.0.11" or "10.77.0.11:2377": the address other nodes reach this one at. */
  advertiseAddr: string;
  /** Default "0.0.0.0:2377". */
  listenAddr?: string;
  dataPathAddr?: string;
  /** Overlay subnets are carved from these; must not overlap the hosts' own networks. */
  defaultAddrPool?: string[];
  subnetSize?: number;
  spec?: EngineSwarmSpec;
}

export interface SwarmJoinOptions {
  /** Manager address(es) "10.77.0.11:2377". */
  remoteAddrs: string[];
  joinToken: string;
  advertiseAddr: string;
  listenAddr?: string;
  dataPathAddr?: string;
}

export interface SwarmOps {
  /** Returns the new node's id. CONFLICT when the engine is already in a swarm. */
  swarmInit(opts: SwarmInitOptions): Promise<string>;
  /** Only on a manager (CONFLICT otherwise). The join tokens are secrets. */
  swarmInspect(): Promise<SwarmDetails>;
  swarmJoin(opts: SwarmJoinOptions): Promise<void>;
  swarmLeave(opts?: { force?: boolean }): Promise<void>;
  swarmUpdate(version: number, spec: EngineSwarmSpec, rotate?: { workerToken?: boolean; managerToken?: boolean }): Promise<void>;
}

interface RawSwarm {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  JoinTokens?: { Worker?: string; Manager?: string };
  DefaultAddrPool?: string[];
  SubnetSize?: number;
  Spec?: { Dispatcher?: { HeartbeatPeriod?: number }; Orchestration?: { TaskHistoryRetentionLimit?: number } };
}

// Joining waits for the manager to issue certificates; the engine gives up by itself after ~20 s.
const JOIN_TIMEOUT_MS = 35_000;

export function swarmOps(c: OpContext): SwarmOps {
  return {
    async swarmInit(o) {
      const id = await c.t.json<string>("swarm init", {
        method: "POST",
        path: "/swarm/init",
        body: {
          ListenAddr: o.listenAddr ?? "0.0.0.0:2377",
          AdvertiseAddr: o.advertiseAddr,
          DataPathAddr: o.dataPathAddr,
          DefaultAddrPool: o.defaultAddrPool,
          SubnetSize: o.subnetSize,
          ForceNewCluster: false,
          Spec: o.spec ?? {},
        },
        timeoutMs: Math.max(c.timeoutMs, JOIN_TIMEOUT_MS),
      });
      return String(id);
    },

    async swarmInspect() {
      const s = await c.t.json<RawSwarm>("inspect swarm", { method: "GET", path: "/swarm", timeoutMs: c.timeoutMs });
      return {
        clusterId: s.ID,
        version: s.Version?.Index ?? 0,
        createdAt: s.CreatedAt ?? "",
        joinTokens: { worker: s.JoinTokens?.Worker ?? "", manager: s.JoinTokens?.Manager ?? "" },
        defaultAddrPool: s.DefaultAddrPool ?? [],
        subnetSize: s.SubnetSize ?? 0,
        heartbeatPeriodMs: Math.round((s.Spec?.Dispatcher?.HeartbeatPeriod ?? 0) / 1e6),
        taskHistoryLimit: s.Spec?.Orchestration?.TaskHistoryRetentionLimit ?? 0,
      };
    },

    async swarmJoin(o) {
      await c.t.json("swarm join", {
        method: "POST",
        path: "/swarm/join",
        body: {
          ListenAddr: o.listenAddr ?? "0.0.0.0:2377",
          AdvertiseAddr: o.advertiseAddr,
          DataPathAddr: o.dataPathAddr,
          RemoteAddrs: o.remoteAddrs,
          JoinToken: o.joinToken,
        },
        timeoutMs: Math.max(c.timeoutMs, JOIN_TIMEOUT_MS),
      });
    },

    async swarmLeave(o) {
      await c.t.json("swarm leave", {
        method: "POST",
        path: "/swarm/leave",
        query: { force: o?.force ? "true" : undefined },
        timeoutMs: Math.max(c.timeoutMs, JOIN_TIMEOUT_MS),
      });
    },

    async swarmUpdate(version, spec, rotate) {
      await c.t.json("update swarm", {
        method: "POST",
        path: "/swarm/update",
        query: {
          version,
          rotateWorkerToken: rotate?.workerToken ? "true" : undefined,
          rotateManagerToken: rotate?.managerToken ? "true" : undefined,
        },
        body: spec,
        timeoutMs: c.timeoutMs,
      });
    },
  };
}
