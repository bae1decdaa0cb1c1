export interface HostDto {
  id: string;
  environmentId: string;
  name: string;
  endpoint: string;
  /** TLS client material is stored sealed and never returned; only whether it is set. */
  tls: boolean;
  /** ssh:// hosts: the host's private key is stored sealed and never returned; the server's host
   * key fingerprint pinned on first use ("SHA256:…") is public and shown. */
  sshHostKey: string | null;
  status: "pending" | "ready" | "down" | "unreachable" | "removing";
  /** Swarm scheduling as the engine node says (Spec.Availability): a drained host runs no tasks. */
  availability: "active" | "drain" | "pause";
  /** The engine node's labels (placement constraints `node.labels.x == y` use them). */
  labels: Record<string, string>;
  swarmRole: "manager" | "worker" | null;
  advertiseAddr: string | null;
  engineVersion: string | null;
  resources: { cpus: number | null; memoryBytes: number | null; os: string | null };
  lastError: string | null;
  lastSeenAt: string | null;
  createdAt: string;
}

export function toHostDto(
  h: {
    id: string;
    environmentId: string;
    name: string;
    endpoint: string;
    tlsKeyEnc: string | null;
    sshHostKey?: string | null;
    status: string;
    swarmRole: string | null;
    advertiseAddr: string | null;
    engineVersion: string | null;
    cpus: number | null;
    memoryBytes: bigint | null;
    os: string | null;
    lastError: string | null;
    lastSeenAt: Date | null;
    createdAt: Date;
  },
  node: { availability: "active" | "drain" | "pause"; labels: Record<string, string> } = { availability: "active", labels: {} },
): HostDto {
  return {
    id: h.id,
    environmentId: h.environmentId,
    name: h.name,
    endpoint: h.endpoint,
    tls: Boolean(h.tlsKeyEnc),
    sshHostKey: h.sshHostKey ?? null,
    status: h.status as HostDto["status"],
    availability: node.availability,
    labels: node.labels,
    swarmRole: (h.swarmRole as HostDto["swarmRole"]) ?? null,
    advertiseAddr: h.advertiseAddr,
    engineVersion: h.engineVersion,
    resources: { cpus: h.cpus, memoryBytes: h.memoryBytes === null ? null : Number(h.memoryBytes), os: h.os },
    lastError: h.lastError,
    lastSeenAt: h.lastSeenAt?.toISOString() ?? null,
    createdAt: h.createdAt.toISOString(),
  };
}
