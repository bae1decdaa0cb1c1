// The registry API client of one region, as the replication loop uses it: the default region's
// registry is the portal's embedded (or CAAS_REGISTRY_URL) registry, reached on its internal address
// with tokens the portal mints itself; another region's registry by its URL, with the region's
// credentials (htpasswd, or a realm that takes them) or, without credentials, with tokens the portal
// mints (a registry configured with the portal's token certificate). The password is unsealed here
// and goes only to that registry.
import { unseal } from "@/lib/crypto";
import { grantAccess, parseScopes } from "@/lib/registry/access";
import { internalRegistryUrl } from "@/lib/registry/settings";
import { signRegistryToken } from "@/lib/registry/sign-token";
import { RegistryApi, type RegistryDeps } from "./registry-api";

export interface RegionRegistryRow {
  id: string;
  name: string;
  isDefault: boolean;
  registryUrl: string | null;
  registryUsername: string | null;
  registryPasswordEnc: string | null;
}

export const REGION_REGISTRY_SELECT = {
  id: true,
  name: true,
  isDefault: true,
  registryUrl: true,
  registryUsername: true,
  registryPasswordEnc: true,
} as const;

/** A token for exactly `scopes` (`repository:<name>:<actions>`), signed with the portal's key. */
export async function portalSignedToken(scopes: string[]): Promise<{ token: string; ttl: number }> {
  const issued = await signRegistryToken("caas-replication", grantAccess({ kind: "portal" }, parseScopes(scopes)));
  return { token: issued.token, ttl: issued.expires_in };
}

export function regionRegistryApi(region: RegionRegistryRow, deps: RegistryDeps): RegistryApi {
  if (!region.registryUrl) return new RegistryApi({ url: internalRegistryUrl(), name: region.name, issueToken: portalSignedToken }, deps);
  const credentials =
    region.registryUsername && region.registryPasswordEnc ? { username: region.registryUsername, password: unseal(region.registryPasswordEnc) } : undefined;
  return new RegistryApi({ url: region.registryUrl, name: region.name, ...(credentials ? { credentials } : { issueToken: portalSignedToken }) }, deps);
}
