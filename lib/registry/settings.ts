// Where the registry is and how it reaches the portal, read from the environment in one place.
//   CAAS_REGISTRY_URL     an external registry (http(s)://host:port): no embedded child is started
//   CAAS_REGISTRY_ADDR    listen address of the embedded registry (default 127.0.0.1:5000)
//   CAAS_REGISTRY_PUBLIC  host:port clients push to / pull from (default: the listen address)
//   CAAS_REGISTRY_TOKEN_REALM  token URL the registry sends clients to (default <origin>/api/registry/token);
//                         must be reachable by every docker client, including the hosts' engines
import path from "node:path";
import { dataDir, publicOrigin } from "@/lib/config";

export const REGISTRY_SERVICE = "caas-registry";
export const TOKEN_ISSUER = "caas-portal";
/** Lifetime of a registry bearer token (the token spec's expires_in). */
export const TOKEN_TTL_S = 300;

export function registryDir(): string {
  return path.join(dataDir(), "registry");
}

export function externalRegistryUrl(): string | undefined {
  return process.env.CAAS_REGISTRY_URL?.replace(/\/$/, "") || undefined;
}

export function listenAddr(): string {
  return process.env.CAAS_REGISTRY_ADDR || "127.0.0.1:5000";
}

/** Base URL the portal itself uses for the registry HTTP API. */
export function internalRegistryUrl(): string {
  return externalRegistryUrl() ?? `http://${listenAddr().replace(/^0\.0\.0\.0:/, "127.0.0.1:")}`;
}

/** host[:port] that goes in front of repository names in image references. */
export function publicRegistryHost(): string {
  if (process.env.CAAS_REGISTRY_PUBLIC) return process.env.CAAS_REGISTRY_PUBLIC.replace(/^https?:\/\//, "").replace(/\/$/, "");
  const ext = externalRegistryUrl();
  if (ext) return ext.replace(/^https?:\/\//, "");
  return listenAddr();
}

export function tokenRealm(): string {
  return process.env.CAAS_REGISTRY_TOKEN_REALM || `${publicOrigin()}/api/registry/token`;
}

export function eventsUrl(): string {
  return `${publicOrigin()}/api/registry/events`;
}
