export interface ServiceDto {
  id: string;
  appId: string;
  name: string;
  image: string;
  replicas: { desired: number; running: number };
  /** `requested`: the port the compose file asked for, when a remapPorts deploy leased `published` instead. */
  ports: { published: number; target: number; protocol: string; requested?: number }[];
  lastError: string | null;
  observedAt: string | null;
}

export interface AppDto {
  id: string;
  name: string;
  tenantId: string;
  environmentId: string;
  status: string;
  /** Number of the revision that is (or is being) deployed. */
  revision: number | null;
  /** The app's pending or running job (deploy, stop, start, delete), for progress after a reload. */
  activeJobId: string | null;
  services: ServiceDto[];
  /** Ports a remapPorts deploy leased in place of the ones the file asked for (80 → 31042). */
  portMappings: PortMappingDto[];
  createdAt: string;
  updatedAt: string;
}

export interface PortMappingDto {
  service: string;
  target: number;
  protocol: string;
  requested: number;
  published: number;
}

type ServiceRow = {
  id: string;
  appId: string;
  name: string;
  image: string;
  desiredReplicas: number;
  runningReplicas: number;
  lastError: string | null;
  observedAt: Date | null;
  portLeases?: { port: number; targetPort: number; protocol: string; requestedPort?: number | null }[];
};

export function toServiceDto(s: ServiceRow): ServiceDto {
  return {
    id: s.id,
    appId: s.appId,
    name: s.name,
    image: s.image,
    replicas: { desired: s.desiredReplicas, running: s.runningReplicas },
    ports: (s.portLeases ?? [])
      .map((l) => ({ published: l.port, target: l.targetPort, protocol: l.protocol, ...(l.requestedPort != null ? { requested: l.requestedPort } : {}) }))
      .sort((a, b) => a.published - b.published),
    lastError: s.lastError,
    observedAt: s.observedAt?.toISOString() ?? null,
  };
}

export function toAppDto(
  a: { id: string; name: string; tenantId: string; environmentId: string; status: string; createdAt: Date; updatedAt: Date; services?: ServiceRow[] },
  revision: number | null,
  activeJobId: string | null = null,
): AppDto {
  const services = (a.services ?? []).map(toServiceDto).sort((x, y) => x.name.localeCompare(y.name));
  return {
    id: a.id,
    name: a.name,
    tenantId: a.tenantId,
    environmentId: a.environmentId,
    status: a.status,
    revision,
    activeJobId,
    services,
    portMappings: services.flatMap((s) =>
      s.ports.flatMap((p) =>
        p.requested === undefined ? [] : [{ service: s.name, target: p.target, protocol: p.protocol, requested: p.requested, published: p.published }],
      ),
    ),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export const APP_INCLUDE = { services: { include: { portLeases: true } } } as const;
