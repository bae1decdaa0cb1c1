// Networks: the per-app overlay is created and removed through the manager.
import { filtersParam } from "./transport";
import type { EngineNetworkCreate, Labels } from "./spec-types";
import type { NetworkInfo } from "./types";
import type { OpContext } from "./context";

export interface NetworkFilters {
  /** "key" or "key=value" */
  label?: string[];
  /** NOTE: the engine matches names by substring; compare `name` exactly on the result. */
  name?: string[];
  id?: string[];
  driver?: string[];
  scope?: ("swarm" | "global" | "local")[];
}

export interface NetworkOps {
  /** Returns the network id. CONFLICT when the name exists (CheckDuplicate is always on). */
  createNetwork(spec: EngineNetworkCreate): Promise<string>;
  inspectNetwork(id: string): Promise<NetworkInfo>;
  removeNetwork(id: string): Promise<void>;
  listNetworks(filters?: NetworkFilters): Promise<NetworkInfo[]>;
}

interface RawNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Scope?: string;
  Attachable?: boolean;
  Internal?: boolean;
  Labels?: Labels | null;
  Created?: string;
  IPAM?: { Config?: { Subnet?: string }[] | null };
}

function toNetwork(n: RawNetwork): NetworkInfo {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? "",
    scope: n.Scope ?? "",
    attachable: !!n.Attachable,
    internal: !!n.Internal,
    labels: n.Labels ?? {},
    subnets: (n.IPAM?.Config ?? []).map((x) => x.Subnet ?? "").filter(Boolean),
    createdAt: n.Created ?? "",
  };
}

export function networkOps(c: OpContext): NetworkOps {
  return {
    async createNetwork(spec) {
      const r = await c.t.json<{ Id: string }>("create network", {
        method: "POST",
        path: "/networks/create",
        body: { ...spec, CheckDuplicate: true },
        timeoutMs: c.timeoutMs,
      });
      return r.Id;
    },

    async inspectNetwork(id) {
      return toNetwork(await c.t.json<RawNetwork>("inspect network", { method: "GET", path: `/networks/${encodeURIComponent(id)}`, timeoutMs: c.timeoutMs }));
    },

    async removeNetwork(id) {
      await c.t.json("remove network", { method: "DELETE", path: `/networks/${encodeURIComponent(id)}`, timeoutMs: c.timeoutMs });
    },

    async listNetworks(filters) {
      const list = await c.t.json<RawNetwork[]>("list networks", {
        method: "GET",
        path: "/networks",
        query: { filters: filtersParam({ ...filters }) },
        timeoutMs: c.timeoutMs,
      });
      return (list ?? []).map(toNetwork);
    },
  };
}
