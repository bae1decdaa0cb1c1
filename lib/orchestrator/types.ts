// Inputs and results of the swarm driver.
import type { AppSpec, PolicyChecked } from "@/lib/compose";
import type { TaskState, UpdateState } from "@/lib/docker";

export interface DeployPlan {
  tenantId: string;
  environmentId: string;
  appId: string;
  appName: string;
  revisionId: string;
  /** What validatePolicy returned for this revision with today's environment settings (ports
   * planned: every port has `published`). Its context carries the environment's publishing modes. */
  app: PolicyChecked<AppSpec>;
  /** X-Registry-Auth for private images (sent on create/update, stored by swarm for workers). */
  registryAuth?: string;
  /** The portal secrets/configs the app's services use, with their current values (in memory only). */
  files?: SwarmFile[];
  /** The environment's logging target (issue 19, lib/logging): see ServiceBuildContext.logDriver. */
  logDriver?: { name: string; options: Readonly<Record<string, string>>; tagPrefix: string };
}

/** One portal secret or config as a deploy needs it. */
export interface SwarmFile {
  kind: "secret" | "config";
  /** The top-level key in the compose file (what services' `secrets:`/`configs:` name). */
  key: string;
  /** The portal object's name and version (part of the engine object's name). */
  name: string;
  version: number;
  /** Changes with the portal object's identity and version. */
  fingerprint: string;
  data: string;
}

export type DeployProgress =
  | { step: "service"; action: "applying" | "failed"; name: string }
  | { step: "network"; action: "created" | "exists"; name: string; id: string }
  | { step: "service"; action: "created" | "updated"; name: string; engineName: string; id: string }
  | { step: "prune"; action: "removed"; name: string; engineName: string; id: string };

export interface DeployResult {
  networkId: string;
  networkName: string;
  /** model service name → engine service id */
  services: Record<string, string>;
  /** engine names of services removed because they left the spec */
  removed: string[];
}

export interface TaskObservation {
  taskId: string;
  nodeId?: string;
  containerId?: string;
  slot?: number;
  state: TaskState;
  desiredState: TaskState;
  error?: string;
  message: string;
  /** The container's exit code, when it exited. */
  exitCode?: number;
  /** Status timestamp: when the task reached `state`. */
  since: string;
  /** Created from the service's current spec (false: an older generation being replaced). */
  current: boolean;
}

export interface ServiceObservation {
  /** Model service name (from the caas.service label; the engine name when absent). */
  name: string;
  engineName: string;
  serviceId: string;
  desired: number;
  running: number;
  /** deploy.mode: a global service's desired count is the tasks swarm scheduled (one per node). */
  mode: "replicated" | "global";
  /** Restart condition none/on-failure: a task that completed (exit 0) is done, not missing. */
  oneShot: boolean;
  /** Current tasks that completed (one-shot services count them as satisfied). */
  completed: number;
  updateState?: UpdateState;
  updateMessage?: string;
  tasks: TaskObservation[];
}

export interface AppObservation {
  appId: string;
  services: ServiceObservation[];
}

/** Why a wait failed, typed (the deploy maps it to a message; `reason` is the engine's text for the log). */
export type ConvergenceFailureKind = "rolled_back" | "rejected" | "task_failed" | "unschedulable" | "timeout" | "cancelled";

export type ConvergenceResult =
  | { ok: true; observation: AppObservation }
  | { ok: false; reason: string; kind: ConvergenceFailureKind; service?: string; exitCode?: number; nodeId?: string; observation?: AppObservation };
