export interface ServiceDto {
  id: string;
  appId: string;
  name: string;
  image: string;
  replicas: { desired: number; running: number };
  ports: { published: number; target: number; protocol: string }[];
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
  createdAt: string;
  updatedAt: string;
}

type ServiceRow = {
  id: string; appId: string; name: string; image: string; desiredReplicas: number; runningReplicas: number; lastError: string | null; observedAt: Date | null;
  portLeases?: { port: number; targetPort: number; protocol: string }[];
};

export function toServiceDto(s: ServiceRow): ServiceDto {
  return {
    id: s.id,
    appId: s.appId,
    name: s.name,
    image: s.image,
    replicas: { desired: s.desiredReplicas, running: s.runningReplicas },
    ports: (s.portLeases ?? []).map((l) => ({ published: l.port, target: l.targetPort, protocol: l.protocol })).sort((a, b) => a.published - b.published),
    lastError: s.lastError,
    observedAt: s.observedAt?.toISOString() ?? null,
  };
}

export function toAppDto(
  a: { id: string; name: string; tenantId: string; environmentId: string; status: string; createdAt: Date; updatedAt: Date; services?: ServiceRow[] },
  revision: number | null,
  activeJobId: string | null = null,
): AppDto {
  return {
    id: a.id,
    name: a.name,
    tenantId: a.tenantId,
    environmentId: a.environmentId,
    status: a.status,
    revision,
    activeJobId,
    services: (a.services ?? []).map(toServiceDto).sort((x, y) => x.name.localeCompare(y.name)),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export const APP_INCLUDE = { services: { include: { portLeases: true } } } as const;
