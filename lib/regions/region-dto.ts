// Regions as answers. Everyone signed in sees which regions exist (environment forms, the registry
// answer); the registry behind a region is the platform's configuration: admins only. The sealed
// password never leaves the portal, for anyone: only whether one is stored (`registry.hasPassword`).
// The API's `registry` object maps to the Region columns registryUrl, registryUsername and
// registryPasswordEnc here and in the use-cases (region-input.ts credentialColumns).
import type { Region } from "@prisma/client";
import { can, type Actor } from "@/lib/policy";

export interface RegionDto {
  id: string;
  name: string;
  displayName: string;
  isDefault: boolean;
  /** Platform admins only: the region's registry (never its password: only whether one is stored). */
  registry?: RegionRegistryDto;
  environmentCount?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface RegionRegistryDto {
  /** null = the portal's embedded registry (the default region). */
  url: string | null;
  username: string | null;
  hasPassword: boolean;
}

/** What an environment answer says about its region. */
export interface RegionRef {
  id: string;
  name: string;
  displayName: string;
}

export const REGION_REF_SELECT = { id: true, name: true, displayName: true } as const;

export function toRegionDto(r: Region & { _count?: { environments: number } }, actor: Actor): RegionDto {
  const base = { id: r.id, name: r.name, displayName: r.displayName, isDefault: r.isDefault };
  if (!can(actor, "region.manage")) return base;
  return {
    ...base,
    registry: { url: r.registryUrl, username: r.registryUsername, hasPassword: !!r.registryPasswordEnc },
    ...(r._count ? { environmentCount: r._count.environments } : {}),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
