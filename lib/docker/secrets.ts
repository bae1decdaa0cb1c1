// Swarm secrets and configs (through a manager). The portal creates them from its own sealed
// values at deploy time, under names it chooses, and never reads a secret back (the Engine API
// cannot return a secret's data anyway). Data goes on the wire base64-encoded, as the API wants.
import { filtersParam } from "./transport";
import type { Labels } from "./spec-types";
import type { OpContext } from "./context";

export type SwarmObjectKind = "secret" | "config";

export interface SwarmObjectInfo {
  id: string;
  name: string;
  labels: Labels;
  createdAt: string;
}

export interface SwarmObjectFilters {
  /** "key" or "key=value" */
  label?: string[];
  /** NOTE: prefix match in the engine; compare `name` exactly on the result. */
  name?: string[];
}

export interface SecretOps {
  /** Creates a swarm secret or config; answers its id. CONFLICT when the name exists. */
  createSwarmObject(kind: SwarmObjectKind, spec: { name: string; labels: Labels; data: string }): Promise<string>;
  listSwarmObjects(kind: SwarmObjectKind, filters?: SwarmObjectFilters): Promise<SwarmObjectInfo[]>;
  /** CONFLICT while a service still uses it; NOT_FOUND when gone. */
  removeSwarmObject(kind: SwarmObjectKind, id: string): Promise<void>;
}

const base = (kind: SwarmObjectKind) => (kind === "secret" ? "/secrets" : "/configs");

interface RawObject {
  ID: string;
  CreatedAt?: string;
  Spec?: { Name?: string; Labels?: Labels | null };
}

export function secretOps(c: OpContext): SecretOps {
  return {
    async createSwarmObject(kind, spec) {
      const r = await c.t.json<{ ID: string }>(`create ${kind}`, {
        method: "POST",
        path: `${base(kind)}/create`,
        body: { Name: spec.name, Labels: spec.labels, Data: Buffer.from(spec.data, "utf8").toString("base64") },
        timeoutMs: c.timeoutMs,
      });
      return r.ID;
    },

    async listSwarmObjects(kind, filters) {
      const list = await c.t.json<RawObject[]>(`list ${kind}s`, {
        method: "GET",
        path: base(kind),
        query: { filters: filtersParam({ ...filters }) },
        timeoutMs: c.timeoutMs,
      });
      return (list ?? []).map((o) => ({ id: o.ID, name: o.Spec?.Name ?? "", labels: o.Spec?.Labels ?? {}, createdAt: o.CreatedAt ?? "" }));
    },

    async removeSwarmObject(kind, id) {
      await c.t.json(`remove ${kind}`, { method: "DELETE", path: `${base(kind)}/${encodeURIComponent(id)}`, timeoutMs: c.timeoutMs });
    },
  };
}
