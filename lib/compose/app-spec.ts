// The normalized application model. Compose V1, V2 and V3 all parse into this, the security policy
// validates it, the port planner fills published ports, and the swarm driver builds engine specs
// from it. Nothing from a client reaches the engine except through this model.

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
}

export interface HealthcheckSpec {
  disable?: boolean;
  test?: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
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
  restart: { condition: "none" | "on-failure" | "any"; maxAttempts?: number; delayMs?: number };
  update: { parallelism?: number; delayMs?: number; order?: "stop-first" | "start-first"; failureAction?: "pause" | "continue" | "rollback" };
  init?: boolean;
  tty?: boolean;
  stdinOpen?: boolean;
  stopGracePeriodMs?: number;
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
  refused: { path: string; rule: string; message: string }[];
}

export interface VolumeSpec {
  name: string;
  driver?: string;
  driverOpts: Record<string, string>;
}

export interface AppSpec {
  services: ServiceSpec[];
  volumes: VolumeSpec[];
  /** Top-level keys (networks, secrets, configs …) the policy must judge. */
  refused: { path: string; rule: string; message: string }[];
  /** Things translated with a stated reason (e.g. V2 networks folded into the app network). */
  notes: string[];
}
