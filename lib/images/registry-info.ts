import { can, type Actor } from "@/lib/policy";
import { pullAddressWarnings, publicRegistryHost, REGISTRY_SERVICE, type RegistryWarning } from "@/lib/registry";
import { personalRepository } from "@/lib/registry/names";
import { db } from "@/lib/db";
import { regionPullAddresses, type RegionPullAddress } from "@/lib/regions";

export interface RegistryInfo {
  /** host[:port] for docker login/push/pull and in front of repository names. */
  url: string;
  /** The address hosts pull portal images from (deploys, commits): image references carry it. */
  pullAddress: string;
  service: string;
  personalNamespace: string;
  login: string;
  /** Platform admins only: what is wrong with the registry's configuration (a loopback or
   *  unspecified pull address), each with what to do. Absent for everyone else: they cannot act on
   *  it, and it names the portal's configuration variables. */
  warnings?: RegistryWarning[];
  /** Issue 17: per region, the address its hosts pull from (the default region: `pullAddress`). */
  regions: RegionPullAddress[];
}

/** Where clients push and pull, and the caller's own namespace. Never a credential.
 *  `pullAddress` and `regions` are passed in by unit tests; the portal's are publicRegistryHost() and
 *  the Region rows. */
export async function getRegistryInfo({
  actor,
  pullAddress = publicRegistryHost(),
  regions = (embedded) => regionPullAddresses(db, embedded),
}: {
  actor: Actor;
  pullAddress?: string;
  regions?: (embeddedPullAddress: string) => Promise<RegionPullAddress[]>;
}): Promise<RegistryInfo> {
  return {
    url: pullAddress,
    pullAddress,
    service: REGISTRY_SERVICE,
    personalNamespace: personalRepository(actor.userId, "").replace(/\/$/, ""),
    login: `docker login ${pullAddress} -u ${actor.email}`,
    ...(can(actor, "settings.manage") ? { warnings: pullAddressWarnings(pullAddress) } : {}),
    regions: await regions(pullAddress),
  };
}
