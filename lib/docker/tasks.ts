// Swarm tasks (one per replica attempt), through a manager.
import { filtersParam } from "./transport";
import type { EngineTaskTemplate, Labels } from "./spec-types";
import type { TaskInfo, TaskState } from "./types";
import type { OpContext } from "./context";

export interface TaskFilters {
  /** service ids or names */
  service?: string[];
  node?: string[];
  label?: string[];
  id?: string[];
  name?: string[];
  "desired-state"?: ("running" | "shutdown" | "accepted")[];
}

export interface TaskOps {
  listTasks(filters?: TaskFilters): Promise<TaskInfo[]>;
  inspectTask(id: string): Promise<TaskInfo>;
}

interface RawTask {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  CreatedAt?: string;
  UpdatedAt?: string;
  Labels?: Labels | null;
  Spec?: EngineTaskTemplate;
  DesiredState?: TaskState;
  Status?: {
    Timestamp?: string;
    State?: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
}

function toTask(t: RawTask): TaskInfo {
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    nodeId: t.NodeID || undefined,
    slot: t.Slot || undefined,
    state: t.Status?.State ?? "new",
    desiredState: t.DesiredState ?? "running",
    message: t.Status?.Message ?? "",
    error: t.Status?.Err || undefined,
    containerId: t.Status?.ContainerStatus?.ContainerID || undefined,
    exitCode: t.Status?.ContainerStatus?.ExitCode,
    createdAt: t.CreatedAt ?? "",
    updatedAt: t.UpdatedAt ?? "",
    timestamp: t.Status?.Timestamp ?? "",
    labels: t.Labels ?? {},
    spec: t.Spec ?? { ContainerSpec: { Image: "" } },
  };
}

export function taskOps(c: OpContext): TaskOps {
  return {
    async listTasks(filters) {
      const list = await c.t.json<RawTask[]>("list tasks", {
        method: "GET",
        path: "/tasks",
        query: { filters: filtersParam({ ...filters }) },
        timeoutMs: c.timeoutMs,
      });
      return (list ?? []).map(toTask);
    },

    async inspectTask(id) {
      return toTask(await c.t.json<RawTask>("inspect task", { method: "GET", path: `/tasks/${encodeURIComponent(id)}`, timeoutMs: c.timeoutMs }));
    },
  };
}
