import type { Actor } from "@/lib/policy";
import { publicRegistryHost, REGISTRY_SERVICE } from "@/lib/registry";
import { personalRepository } from "@/lib/registry/names";

/** Where clients push and pull, and the caller's own namespace. Never a credential. */
export async function getRegistryInfo({ actor }: { actor: Actor }): Promise<{ url: string; service: string; personalNamespace: string; login: string }> {
  const url = publicRegistryHost();
  return {
    url,
    service: REGISTRY_SERVICE,
    personalNamespace: personalRepository(actor.userId, "").replace(/\/$/, ""),
    login: `docker login ${url} -u ${actor.email}`,
  };
}
