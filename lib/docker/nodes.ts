// Swarm nodes, seen from a manager: list, inspect, drain/activate, promote/demote, remove.
import { filtersParam } from "./transport";
import { isOutOfSequence } from "./errors";
import type { Labels } from "./spec-types";
import type { NodeAvailability, NodeRole, SwarmNode } from "./types";
import type { OpContext } from "./context";

export interface NodeFilters {
  id?: string[];
  name?: string[];
  role?: NodeRole[];
  label?: string[];
  membership?: ("accepted" | "pending")[];
}

export interface NodePatch {
  availability?: NodeAvailability;
  role?: NodeRole;
  labels?: Labels;
}

export interface NodeOps {
  listNodes(filters?: NodeFilters): Promise<SwarmNode[]>;
  inspectNode(id: string): Promise<SwarmNode>;
  /** Read-modify-write of the node spec at its current version. */
  updateNode(id: string, patch: NodePatch): Promise<void>;
  removeNode(id: string, opts?: { force?: boolean }): Promise<void>;
}

const NODE_UPDATE_ATTEMPTS = 5;

interface RawNode {
  ID: string;
  Version?: { Index?: number };
  Spec?: { Role?: NodeRole; Availability?: NodeAvailability; Labels?: Labels | null; Name?: string };
  Description?: {
    Hostname?: string;
    Platform?: { OS?: string; Architecture?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string; Labels?: Labels | null };
  };
  Status?: { State?: SwarmNode["state"]; Addr?: string; Message?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

function toNode(n: RawNode): SwarmNode {
  return {
    id: n.ID,
    version: n.Version?.Index ?? 0,
    hostname: n.Description?.Hostname ?? "",
    role: n.Spec?.Role ?? "worker",
    availability: n.Spec?.Availability ?? "active",
    labels: n.Spec?.Labels ?? {},
    state: n.Status?.State ?? "unknown",
    addr: n.Status?.Addr ?? "",
    message: n.Status?.Message || undefined,
    leader: !!n.ManagerStatus?.Leader,
    managerReachability: n.ManagerStatus?.Reachability,
    managerAddr: n.ManagerStatus?.Addr,
    engineVersion: n.Description?.Engine?.EngineVersion ?? "",
    engineLabels: n.Description?.Engine?.Labels ?? {},
    nanoCpus: n.Description?.Resources?.NanoCPUs ?? 0,
    memoryBytes: n.Description?.Resources?.MemoryBytes ?? 0,
    os: n.Description?.Platform?.OS ?? "",
    arch: n.Description?.Platform?.Architecture ?? "",
  };
}

export function nodeOps(c: OpContext): NodeOps {
  const inspectRaw = (id: string) => c.t.json<RawNode>("inspect node", { method: "GET", path: `/nodes/${encodeURIComponent(id)}`, timeoutMs: c.timeoutMs });

  return {
    async listNodes(filters) {
      const list = await c.t.json<RawNode[]>("list nodes", {
        method: "GET",
        path: "/nodes",
        query: { filters: filtersParam({ ...filters }) },
        timeoutMs: c.timeoutMs,
      });
      return (list ?? []).map(toNode);
    },

    async inspectNode(id) {
      return toNode(await inspectRaw(id));
    },

    async updateNode(id, patch) {
      // Swarm versions the node object and changes it itself too (a demotion in progress, a status
      // update): a stale version is answered "update out of sequence". Re-read and apply again.
      for (let attempt = 1; ; attempt++) {
        const n = await inspectRaw(id);
        const spec = {
          ...(n.Spec ?? {}),
          ...(patch.availability ? { Availability: patch.availability } : {}),
          ...(patch.role ? { Role: patch.role } : {}),
          ...(patch.labels ? { Labels: patch.labels } : {}),
        };
        try {
          await c.t.json("update node", {
            method: "POST",
            path: `/nodes/${encodeURIComponent(id)}/update`,
            query: { version: n.Version?.Index ?? 0 },
            body: spec,
            timeoutMs: c.timeoutMs,
          });
          return;
        } catch (e) {
          if (!isOutOfSequence(e) || attempt >= NODE_UPDATE_ATTEMPTS) throw e;
          await new Promise((r) => setTimeout(r, 200 * attempt));
        }
      }
    },

    async removeNode(id, opts) {
      await c.t.json("remove node", {
        method: "DELETE",
        path: `/nodes/${encodeURIComponent(id)}`,
        query: { force: opts?.force ? "true" : undefined },
        timeoutMs: c.timeoutMs,
      });
    },
  };
}
