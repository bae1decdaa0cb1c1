// The subset of the Engine API (v1.41) object shapes the portal writes: service, network and swarm
// specs. Field names are the engine's, so these objects go on the wire unchanged. Durations are
// nanoseconds, as the engine wants them.

export type Labels = Record<string, string>;

export interface EngineMount {
  Type: "volume" | "bind" | "tmpfs";
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  VolumeOptions?: { NoCopy?: boolean; Labels?: Labels; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  BindOptions?: { Propagation?: string; NonRecursive?: boolean };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface EngineHealthcheck {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

export interface EngineContainerSpec {
  Image: string;
  Labels?: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  TTY?: boolean;
  OpenStdin?: boolean;
  Mounts?: EngineMount[];
  StopGracePeriod?: number;
  StopSignal?: string;
  HealthCheck?: EngineHealthcheck;
  Init?: boolean;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Sysctls?: Record<string, string>;
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  ReadOnly?: boolean;
  /** "IP_address canonical_hostname [aliases...]" lines for /etc/hosts. */
  Hosts?: string[];
  Ulimits?: { Name: string; Soft: number; Hard: number }[];
  Secrets?: EngineFileReference<"SecretID", "SecretName">[];
  Configs?: EngineFileReference<"ConfigID", "ConfigName">[];
}

/** A service's use of a swarm secret or config: the file it appears as in the container. */
export type EngineFileReference<Id extends string, Name extends string> = {
  File: { Name: string; UID: string; GID: string; Mode: number };
} & { [K in Id | Name]: string };

export interface EngineResources {
  NanoCPUs?: number;
  MemoryBytes?: number;
  /** Limits only (API 1.41). */
  Pids?: number;
}

export interface EngineTaskTemplate {
  ContainerSpec: EngineContainerSpec;
  Resources?: { Limits?: EngineResources; Reservations?: EngineResources };
  RestartPolicy?: { Condition?: "none" | "on-failure" | "any"; Delay?: number; MaxAttempts?: number; Window?: number };
  Placement?: {
    Constraints?: string[];
    Preferences?: { Spread: { SpreadDescriptor: string } }[];
    MaxReplicas?: number;
  };
  Networks?: { Target: string; Aliases?: string[] }[];
  LogDriver?: { Name: string; Options?: Record<string, string> };
  ForceUpdate?: number;
  Runtime?: string;
}

export interface EngineUpdateConfig {
  Parallelism?: number;
  Delay?: number;
  FailureAction?: "continue" | "pause" | "rollback";
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: "stop-first" | "start-first";
}

export interface EnginePortConfig {
  Name?: string;
  Protocol: "tcp" | "udp" | "sctp";
  TargetPort: number;
  PublishedPort?: number;
  PublishMode?: "ingress" | "host";
}

export interface EngineServiceSpec {
  Name: string;
  Labels?: Labels;
  TaskTemplate: EngineTaskTemplate;
  Mode: { Replicated?: { Replicas: number }; Global?: Record<string, never> };
  UpdateConfig?: EngineUpdateConfig;
  RollbackConfig?: EngineUpdateConfig;
  EndpointSpec?: { Mode?: "vip" | "dnsrr"; Ports?: EnginePortConfig[] };
}

export interface EngineNetworkCreate {
  Name: string;
  Driver?: string;
  Attachable?: boolean;
  Internal?: boolean;
  CheckDuplicate?: boolean;
  Labels?: Labels;
  Options?: Record<string, string>;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string }[] };
}

export interface EngineSwarmSpec {
  Name?: string;
  Labels?: Labels;
  Orchestration?: { TaskHistoryRetentionLimit?: number };
  Raft?: { SnapshotInterval?: number; KeepOldSnapshots?: number; LogEntriesForSlowFollowers?: number; ElectionTick?: number; HeartbeatTick?: number };
  Dispatcher?: { HeartbeatPeriod?: number };
  CAConfig?: { NodeCertExpiry?: number };
  EncryptionConfig?: { AutoLockManagers?: boolean };
  TaskDefaults?: { LogDriver?: { Name: string; Options?: Record<string, string> } };
}
