// Plain objects lib/docker returns. Callers never see dockerode objects or raw engine JSON
// (except `spec`, which is the engine's own shape from spec-types.ts).
import type { EngineServiceSpec, EngineTaskTemplate, Labels } from "./spec-types";

export interface EngineVersion {
  version: string;
  apiVersion: string;
  minApiVersion: string;
  os: string;
  arch: string;
  kernelVersion: string;
}

export type SwarmLocalState = "inactive" | "pending" | "active" | "error" | "locked";

export interface EngineInfo {
  id: string;
  name: string;
  serverVersion: string;
  os: string;
  osType: string;
  arch: string;
  kernelVersion: string;
  ncpu: number;
  memTotal: number;
  /** Where the engine keeps images and containers (its data-root). */
  dockerRootDir: string;
  labels: Labels;
  swarm: {
    state: SwarmLocalState;
    nodeId?: string;
    nodeAddr?: string;
    clusterId?: string;
    isManager: boolean;
    managers?: number;
    nodes?: number;
    error?: string;
  };
}

export interface JoinTokens {
  worker: string;
  manager: string;
}

export interface SwarmDetails {
  clusterId: string;
  version: number;
  createdAt: string;
  joinTokens: JoinTokens;
  defaultAddrPool: string[];
  subnetSize: number;
  heartbeatPeriodMs: number;
  taskHistoryLimit: number;
}

export type NodeRole = "worker" | "manager";
export type NodeAvailability = "active" | "pause" | "drain";

export interface SwarmNode {
  id: string;
  version: number;
  hostname: string;
  role: NodeRole;
  availability: NodeAvailability;
  labels: Labels;
  state: "unknown" | "down" | "ready" | "disconnected";
  addr: string;
  message?: string;
  leader: boolean;
  managerReachability?: string;
  managerAddr?: string;
  engineVersion: string;
  engineLabels: Labels;
  nanoCpus: number;
  memoryBytes: number;
  os: string;
  arch: string;
}

export interface NetworkInfo {
  id: string;
  name: string;
  driver: string;
  scope: string;
  attachable: boolean;
  internal: boolean;
  labels: Labels;
  subnets: string[];
  createdAt: string;
}

export type UpdateState = "updating" | "paused" | "completed" | "rollback_started" | "rollback_paused" | "rollback_completed";

export interface ServiceInfo {
  id: string;
  name: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  labels: Labels;
  image: string;
  /** undefined for global services */
  replicas?: number;
  spec: EngineServiceSpec;
  updateStatus?: { state: UpdateState; message: string; startedAt?: string; completedAt?: string };
  /** From ?status=true on list (API >= 1.41); undefined from inspect. */
  runningTasks?: number;
  desiredTasks?: number;
}

export type TaskState =
  | "new"
  | "allocated"
  | "pending"
  | "assigned"
  | "accepted"
  | "preparing"
  | "ready"
  | "starting"
  | "running"
  | "complete"
  | "shutdown"
  | "failed"
  | "rejected"
  | "remove"
  | "orphaned";

export interface TaskInfo {
  id: string;
  serviceId: string;
  nodeId?: string;
  slot?: number;
  state: TaskState;
  desiredState: TaskState;
  message: string;
  error?: string;
  containerId?: string;
  exitCode?: number;
  createdAt: string;
  updatedAt: string;
  /** Status.Timestamp: when the task reached its current state. */
  timestamp: string;
  labels: Labels;
  /** The task template this task was created from (compare with the service's to tell generations apart). */
  spec: EngineTaskTemplate;
}

export interface ContainerSummary {
  id: string;
  names: string[];
  image: string;
  imageId: string;
  command: string;
  created: number;
  state: string;
  status: string;
  labels: Labels;
}

export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  imageId: string;
  created: string;
  state: {
    status: string;
    running: boolean;
    paused: boolean;
    restarting: boolean;
    oomKilled: boolean;
    dead: boolean;
    pid: number;
    exitCode: number;
    error: string;
    startedAt: string;
    finishedAt: string;
    health?: string;
  };
  config: {
    hostname: string;
    user: string;
    /** May hold secret values: callers decide what reaches a browser. */
    env: string[];
    cmd: string[];
    entrypoint: string[];
    workingDir: string;
    labels: Labels;
    tty: boolean;
    openStdin: boolean;
  };
  networks: Record<string, { networkId: string; ipAddress: string; aliases: string[] }>;
  mounts: { type: string; name?: string; source: string; destination: string; readOnly: boolean }[];
}

export interface ContainerStats {
  read: string;
  cpuPercent: number;
  onlineCpus: number;
  memoryUsage: number;
  memoryLimit: number;
  networkRx: number;
  networkTx: number;
  blockRead: number;
  blockWrite: number;
  pids: number;
}

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  created: string;
  labels: Labels;
}

export interface VolumeInfo {
  name: string;
  driver: string;
  labels: Labels;
  mountpoint: string;
  createdAt: string;
}

export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

export interface EngineEvent {
  type: string;
  action: string;
  /** Actor.ID: container/service/node/network id. */
  id: string;
  attributes: Record<string, string>;
  scope: "local" | "swarm" | string;
  time: number;
  timeNano: number;
}
