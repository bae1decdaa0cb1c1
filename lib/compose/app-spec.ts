// The normalized application model. Compose V1, V2 and V3 all parse into this, the security policy
// validates it, the port planner fills published ports, and the swarm driver builds engine specs
// from it. Nothing from a client reaches the engine except through this model.

import type { Refusal } from "./issues";
import type { MessageParams } from "@/lib/errors";

export type Protocol = "tcp" | "udp";

export interface PortSpec {
  /** Container port. */
  target: number;
  /** Host port; absent = the portal leases one from the environment's pool. */
  published?: number;
  protocol: Protocol;
  /** The published port the file asked for, when a deploy with `remapPorts: true` leased another
   * one from the pool instead (`published` then holds the leased port). Absent otherwise. */
  requested?: number;
}

export interface MountSpec {
  type: "volume" | "bind" | "tmpfs";
  /** Volume name (app-scoped) or host path for binds; absent for tmpfs/anonymous volumes. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** tmpfs only: size limit and permission bits (TmpfsOptions). */
  tmpfsSizeBytes?: number;
  tmpfsMode?: number;
  /** volume only: do not copy the image's content into a new volume (VolumeOptions.NoCopy). */
  noCopy?: boolean;
}

export interface HealthcheckSpec {
  disable?: boolean;
  test?: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
}

/** A service's use of a portal secret or config (Swarm SecretReference / ConfigReference). */
export interface FileRefSpec {
  /** The top-level `secrets:`/`configs:` key of the file. */
  source: string;
  /** Secrets: file name under /run/secrets/ (or an absolute path); configs: absolute path. */
  target: string;
  uid?: string;
  gid?: string;
  /** Permission bits (0o444 when absent). */
  mode?: number;
}

/** A top-level secret or config: only references to portal-held objects are accepted. */
export interface ExternalObjectSpec {
  /** The key under top-level `secrets:`/`configs:`. */
  name: string;
  /** The portal secret/config it refers to (`name:`, or the key itself for `external: true`). */
  externalName: string;
}

/** Something the file says that was accepted but ignored or changed, with its key path. */
export interface WarningSpec {
  path: string;
  /** English; `key` (+ `params`) names its catalog message (issues.ts). */
  message: string;
  key?: string;
  params?: MessageParams;
  /** Where the key is in the text, when it has a place of its own (1-based). */
  line?: number;
  column?: number;
}

export interface UlimitSpec {
  name: string;
  soft: number;
  hard: number;
}

export interface UpdateSpec {
  parallelism?: number;
  delayMs?: number;
  order?: "stop-first" | "start-first";
  failureAction?: "pause" | "continue" | "rollback";
  monitorMs?: number;
  maxFailureRatio?: number;
}

export interface ServiceSpec {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  workingDir?: string;
  user?: string;
  hostname?: string;
  labels: Record<string, string>;
  replicas: number;
  ports: PortSpec[];
  mounts: MountSpec[];
  /** Other services of the app reachable under an extra name (V1 links, `external_links` refused). */
  links: { service: string; alias: string }[];
  dependsOn: string[];
  healthcheck?: HealthcheckSpec;
  resources: {
    cpus?: number;
    memoryBytes?: number;
    reservationCpus?: number;
    reservationMemoryBytes?: number;
  };
  restart: { condition: "none" | "on-failure" | "any"; maxAttempts?: number; delayMs?: number; windowMs?: number };
  update: UpdateSpec;
  /** deploy.rollback_config (Swarm RollbackConfig); absent = the platform's default. */
  rollback?: UpdateSpec;
  /** deploy.mode; absent = replicated. A global service runs one task per node (replicas unused). */
  mode?: "replicated" | "global";
  /** deploy.endpoint_mode; absent = the environment's. */
  endpointMode?: "vip" | "dnsrr";
  /** deploy.placement. */
  placement?: { constraints?: string[]; preferences?: string[]; maxReplicasPerNode?: number };
  /** deploy.labels: labels of the Swarm service only (`labels` go on the containers and the service). */
  deployLabels?: Record<string, string>;
  /** Extra DNS names of the service on the app network (`networks.<n>.aliases`). */
  networkAliases?: string[];
  secrets: FileRefSpec[];
  configs: FileRefSpec[];
  init?: boolean;
  tty?: boolean;
  stdinOpen?: boolean;
  readOnly?: boolean;
  stopSignal?: string;
  stopGracePeriodMs?: number;
  ulimits?: UlimitSpec[];
  pidsLimit?: number;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** `extra_hosts` as host name → address (ContainerSpec.Hosts). */
  extraHosts?: { host: string; ip: string }[];
  /** logging / V1 log_driver + log_opt (TaskTemplate.LogDriver); only local drivers pass the policy. */
  logging?: { driver: string; options: Record<string, string> };
  /** Security-relevant settings are kept in the model so the one validator can refuse them. */
  privileged: boolean;
  capAdd: string[];
  capDrop: string[];
  devices: string[];
  networkMode?: string;
  pid?: string;
  ipc?: string;
  usernsMode?: string;
  cgroupns?: string;
  securityOpt: string[];
  sysctls: Record<string, string>;
  /** Keys the parser understood but that the policy must judge (build, env_file, file secrets …), with their key path. */
  refused: Refusal[];
}

export interface VolumeSpec {
  name: string;
  driver?: string;
  driverOpts: Record<string, string>;
}

export interface AppSpec {
  services: ServiceSpec[];
  volumes: VolumeSpec[];
  /** Top-level secrets/configs: references to portal-held objects (10B creates the engine objects). */
  secrets: ExternalObjectSpec[];
  configs: ExternalObjectSpec[];
  /** Top-level keys (networks, secrets, configs …) the policy must judge. */
  refused: Refusal[];
  /** Keys accepted but ignored or translated (profiles left out, V2 networks folded …), with key paths. */
  warnings: WarningSpec[];
}
