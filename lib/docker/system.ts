// Engine identity and health: ping, version, info.
import type { EngineInfo, EngineVersion, SwarmLocalState } from "./types";
import type { OpContext } from "./context";

export interface SystemOps {
  /** Resolves when the engine answers; rejects with an AppError (isUnreachable) otherwise. */
  ping(): Promise<void>;
  version(): Promise<EngineVersion>;
  info(): Promise<EngineInfo>;
}

interface RawInfo {
  ID?: string;
  Name?: string;
  ServerVersion?: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  KernelVersion?: string;
  NCPU?: number;
  MemTotal?: number;
  DockerRootDir?: string;
  Labels?: string[] | null;
  Swarm?: {
    NodeID?: string;
    NodeAddr?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Error?: string;
    Nodes?: number;
    Managers?: number;
    Cluster?: { ID?: string } | null;
  };
}

/** Engine labels come as ["k=v", …]. */
function parseLabelList(list: string[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf("=");
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

export function systemOps(c: OpContext): SystemOps {
  return {
    async ping() {
      await c.t.json("ping", { method: "GET", path: "/_ping", timeoutMs: c.timeoutMs });
    },

    async version() {
      const v = await c.t.json<Record<string, string>>("version", { method: "GET", path: "/version", timeoutMs: c.timeoutMs });
      return {
        version: v.Version ?? "",
        apiVersion: v.ApiVersion ?? "",
        minApiVersion: v.MinAPIVersion ?? "",
        os: v.Os ?? "",
        arch: v.Arch ?? "",
        kernelVersion: v.KernelVersion ?? "",
      };
    },

    async info() {
      const i = await c.t.json<RawInfo>("info", { method: "GET", path: "/info", timeoutMs: c.timeoutMs });
      const s = i.Swarm ?? {};
      const state = (s.LocalNodeState || "inactive") as SwarmLocalState;
      return {
        id: i.ID ?? "",
        name: i.Name ?? "",
        serverVersion: i.ServerVersion ?? "",
        os: i.OperatingSystem ?? "",
        osType: i.OSType ?? "",
        arch: i.Architecture ?? "",
        kernelVersion: i.KernelVersion ?? "",
        ncpu: i.NCPU ?? 0,
        memTotal: i.MemTotal ?? 0,
        dockerRootDir: i.DockerRootDir ?? "",
        labels: parseLabelList(i.Labels),
        swarm: {
          state,
          nodeId: s.NodeID || undefined,
          nodeAddr: s.NodeAddr || undefined,
          clusterId: s.Cluster?.ID || undefined,
          isManager: !!s.ControlAvailable,
          managers: s.Managers,
          nodes: s.Nodes,
          error: s.Error || undefined,
        },
      };
    },
  };
}

export { parseLabelList };
