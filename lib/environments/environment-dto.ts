export interface EnvironmentDto {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  portRange: { from: number; to: number };
  publishMode: "host" | "ingress";
  endpointMode: "dnsrr" | "vip";
  defaults: { cpus: number; memoryMb: number };
  bindAllowList: string[];
  hostCount: number;
  appCount: number;
  createdAt: string;
}

export function toEnvironmentDto(e: {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  portFrom: number;
  portTo: number;
  publishMode: string;
  endpointMode: string;
  defaultCpus: number;
  defaultMemoryMb: number;
  bindAllowList: string;
  createdAt: Date;
  _count?: { hosts: number; apps: number };
}): EnvironmentDto {
  return {
    id: e.id,
    tenantId: e.tenantId,
    name: e.name,
    description: e.description,
    portRange: { from: e.portFrom, to: e.portTo },
    publishMode: e.publishMode as EnvironmentDto["publishMode"],
    endpointMode: e.endpointMode as EnvironmentDto["endpointMode"],
    defaults: { cpus: e.defaultCpus, memoryMb: e.defaultMemoryMb },
    bindAllowList: JSON.parse(e.bindAllowList),
    hostCount: e._count?.hosts ?? 0,
    appCount: e._count?.apps ?? 0,
    createdAt: e.createdAt.toISOString(),
  };
}
