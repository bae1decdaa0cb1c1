import type { Actor } from "@/lib/policy";
import type { RegionRef } from "@/lib/regions";
import { PLATFORM_SCOPE } from "./environment-scope";

export interface EnvironmentDto {
  id: string;
  /** The owning tenant; for a shared environment the tenant it is seen as (null: an admin's view). */
  tenantId: string | null;
  name: string;
  description: string;
  /** Issue 16: owned by the platform, used by several tenants. */
  shared: boolean;
  /** Shared environments, admins only: "all" or the tenants it is opened to. */
  openTo?: "all" | string[];
  portRange: { from: number; to: number };
  publishMode: "host" | "ingress";
  endpointMode: "dnsrr" | "vip";
  defaults: { cpus: number; memoryMb: number };
  bindAllowList: string[];
  hostCount: number;
  appCount: number;
  /** Issue 17: the region whose registry its hosts pull from. */
  region: RegionRef;
  createdAt: string;
}

export function toEnvironmentDto(
  e: {
    id: string;
    tenantId: string | null;
    name: string;
    description: string;
    shared?: boolean;
    allTenants?: boolean;
    access?: { tenantId: string }[];
    portFrom: number;
    portTo: number;
    publishMode: string;
    endpointMode: string;
    defaultCpus: number;
    defaultMemoryMb: number;
    bindAllowList: string;
    region: RegionRef;
    createdAt: Date;
    _count?: { hosts: number; apps: number };
  },
  actor?: Actor,
): EnvironmentDto {
  const shared = e.shared === true;
  return {
    id: e.id,
    tenantId: e.tenantId === PLATFORM_SCOPE ? null : e.tenantId,
    name: e.name,
    description: e.description,
    shared,
    ...(shared && actor?.platformAdmin ? { openTo: e.allTenants ? ("all" as const) : (e.access ?? []).map((a) => a.tenantId) } : {}),
    portRange: { from: e.portFrom, to: e.portTo },
    publishMode: e.publishMode as EnvironmentDto["publishMode"],
    endpointMode: e.endpointMode as EnvironmentDto["endpointMode"],
    defaults: { cpus: e.defaultCpus, memoryMb: e.defaultMemoryMb },
    // No bind allow-list in shared environments (issue 16): never set, never shown.
    bindAllowList: shared ? [] : JSON.parse(e.bindAllowList),
    hostCount: e._count?.hosts ?? 0,
    appCount: e._count?.apps ?? 0,
    region: { id: e.region.id, name: e.region.name, displayName: e.region.displayName },
    createdAt: e.createdAt.toISOString(),
  };
}
