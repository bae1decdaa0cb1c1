// Swarm services (through a manager). Image references are sent as given: the Engine API does not
// resolve tags to digests on create/update (that is a CLI feature), so local-only images work and
// the portal pins digests itself when it wants them.
import { filtersParam } from "./transport";
import type { EngineServiceSpec, Labels } from "./spec-types";
import type { ServiceInfo, UpdateState } from "./types";
import type { OpContext } from "./context";

export interface ServiceFilters {
  /** "key" or "key=value" */
  label?: string[];
  /** NOTE: prefix/substring match in the engine; compare `name` exactly on the result. */
  name?: string[];
  id?: string[];
  mode?: ("replicated" | "global")[];
}

export interface RegistryAuthOptions {
  /** base64url JSON {username,password,serveraddress} or {identitytoken}: the X-Registry-Auth header. */
  registryAuth?: string;
}

export interface ServiceOps {
  createService(spec: EngineServiceSpec, opts?: RegistryAuthOptions): Promise<{ id: string; warnings: string[] }>;
  /** `version` is the service's current version (optimistic concurrency): CONFLICT-like 500
   * "update out of sequence" when stale. Without registryAuth the stored credentials are kept. */
  updateService(
    id: string,
    version: number,
    spec: EngineServiceSpec,
    opts?: RegistryAuthOptions & { registryAuthFrom?: "spec" | "previous-spec" },
  ): Promise<{ warnings: string[] }>;
  inspectService(id: string): Promise<ServiceInfo>;
  removeService(id: string): Promise<void>;
  listServices(filters?: ServiceFilters): Promise<ServiceInfo[]>;
}

interface RawService {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: EngineServiceSpec;
  UpdateStatus?: { State?: UpdateState; Message?: string; StartedAt?: string; CompletedAt?: string };
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number };
}

export function toService(s: RawService): ServiceInfo {
  const labels: Labels = s.Spec?.Labels ?? {};
  return {
    id: s.ID,
    name: s.Spec?.Name ?? "",
    version: s.Version?.Index ?? 0,
    createdAt: s.CreatedAt ?? "",
    updatedAt: s.UpdatedAt ?? "",
    labels,
    image: s.Spec?.TaskTemplate?.ContainerSpec?.Image ?? "",
    replicas: s.Spec?.Mode?.Replicated ? (s.Spec.Mode.Replicated.Replicas ?? 1) : undefined,
    spec: s.Spec,
    updateStatus: s.UpdateStatus?.State
      ? {
          state: s.UpdateStatus.State,
          message: s.UpdateStatus.Message ?? "",
          startedAt: s.UpdateStatus.StartedAt,
          completedAt: s.UpdateStatus.CompletedAt,
        }
      : undefined,
    runningTasks: s.ServiceStatus?.RunningTasks,
    desiredTasks: s.ServiceStatus?.DesiredTasks,
  };
}

function authHeaders(opts?: RegistryAuthOptions): Record<string, string> | undefined {
  return opts?.registryAuth ? { "X-Registry-Auth": opts.registryAuth } : undefined;
}

export function serviceOps(c: OpContext): ServiceOps {
  return {
    async createService(spec, opts) {
      const r = await c.t.json<{ ID: string; Warnings?: string[] | null }>("create service", {
        method: "POST",
        path: "/services/create",
        body: spec,
        headers: authHeaders(opts),
        timeoutMs: c.timeoutMs,
      });
      return { id: r.ID, warnings: r.Warnings ?? [] };
    },

    async updateService(id, version, spec, opts) {
      const r = await c.t.json<{ Warnings?: string[] | null } | null>("update service", {
        method: "POST",
        path: `/services/${encodeURIComponent(id)}/update`,
        query: { version, registryAuthFrom: opts?.registryAuth ? undefined : (opts?.registryAuthFrom ?? "spec") },
        body: spec,
        headers: authHeaders(opts),
        timeoutMs: c.timeoutMs,
      });
      return { warnings: r?.Warnings ?? [] };
    },

    async inspectService(id) {
      return toService(
        await c.t.json<RawService>("inspect service", {
          method: "GET",
          path: `/services/${encodeURIComponent(id)}`,
          query: { insertDefaults: "false" },
          timeoutMs: c.timeoutMs,
        }),
      );
    },

    async removeService(id) {
      await c.t.json("remove service", { method: "DELETE", path: `/services/${encodeURIComponent(id)}`, timeoutMs: c.timeoutMs });
    },

    async listServices(filters) {
      const list = await c.t.json<RawService[]>("list services", {
        method: "GET",
        path: "/services",
        query: { filters: filtersParam({ ...filters }), status: "true" },
        timeoutMs: c.timeoutMs,
      });
      return (list ?? []).map(toService);
    },
  };
}
