import type { Actor } from "@/lib/policy";
import { publicRegistryHost, REGISTRY_SERVICE } from "@/lib/registry";
import { personalRepository } from "@/lib/registry/names";

/**
 * True when the registry address given to hosts is a loopback one (127.x, localhost, ::1) or the
 * unspecified 0.0.0.0: every host would look for the registry on itself, so pulls fail on every
 * host but the portal's own. The admin is warned (issue 11 item 6).
 */
export function isLoopbackRegistry(address: string): boolean {
  const host = address
    .replace(/^https?:\/\//, "")
    .split("/")[0]
    .replace(/^\[([^\]]+)\](:\d+)?$/, "$1")
    .replace(/^([^:]+):\d+$/, "$1")
    .toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "::1" || host === "0.0.0.0" || host === "::";
}

/** Where clients push and pull, and the caller's own namespace. Never a credential. */
export async function getRegistryInfo({
  actor,
}: {
  actor: Actor;
}): Promise<{ url: string; service: string; personalNamespace: string; login: string; loopback: boolean }> {
  const url = publicRegistryHost();
  return {
    url,
    loopback: isLoopbackRegistry(url),
    service: REGISTRY_SERVICE,
    personalNamespace: personalRepository(actor.userId, "").replace(/\/$/, ""),
    login: `docker login ${url} -u ${actor.email}`,
  };
}
