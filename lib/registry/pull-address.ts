// The address hosts pull portal images from (publicRegistryHost(): image references carry it) is
// checked for the mistake a fresh install makes: the embedded registry's default listen address
// 127.0.0.1:5000 names each host itself, and 0.0.0.0 / :: name no machine at all, so commits and
// deploys of portal images fail on every real host. Pure: no DNS (a name is judged as written).
import { storedText, type StoredText } from "@/lib/errors";
import { builtInCategory, parseIp } from "@/lib/net";

export type PullAddressClass = "loopback" | "unspecified" | "ok";

/** The host part of `host[:port]`, `[v6]:port`, a bare IPv6 literal or a URL. */
export function pullAddressHost(address: string): string {
  const hostPort = address
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
    .split("/")[0];
  const bracketed = /^\[([^\]]+)\](?::\d*)?$/.exec(hostPort);
  if (bracketed) return bracketed[1].toLowerCase();
  // two or more colons: a bare IPv6 literal, whose last group is no port
  if ((hostPort.match(/:/g) ?? []).length > 1) return hostPort.toLowerCase();
  return hostPort.replace(/:\d*$/, "").replace(/\.$/, "").toLowerCase();
}

export function classifyPullAddress(address: string): PullAddressClass {
  const host = pullAddressHost(address);
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  const ip = parseIp(host);
  if (!ip) return "ok"; // any other name: what it resolves to is the hosts' DNS, not ours
  const category = builtInCategory(ip);
  return category === "loopback" || category === "unspecified" ? category : "ok";
}

export type RegistryWarningCode = "REGISTRY_LOOPBACK" | "REGISTRY_UNSPECIFIED";

/** A warning for the platform admin: a machine code and a catalog message (StoredText). */
export type RegistryWarning = StoredText & { code: RegistryWarningCode };

export function pullAddressWarnings(address: string): RegistryWarning[] {
  switch (classifyPullAddress(address)) {
    case "loopback":
      return [
        {
          code: "REGISTRY_LOOPBACK",
          ...storedText(
            "registryWarning.loopback",
            { address },
            `Hosts are told to pull images from ${address}, a loopback address: every host looks for the registry on itself, so commits and deploys of portal images fail on every host but this machine. Set CAAS_REGISTRY_ADDR to an address the hosts reach (for example this machine's LAN address, 192.0.2.10:5000) and restart the portal; or set CAAS_REGISTRY_PUBLIC to the address the hosts reach the registry at, or CAAS_REGISTRY_URL to an external registry.`,
          ),
        },
      ];
    case "unspecified":
      return [
        {
          code: "REGISTRY_UNSPECIFIED",
          ...storedText(
            "registryWarning.unspecified",
            { address },
            `Hosts are told to pull images from ${address}, which names no machine, so commits and deploys of portal images fail on every host. Set CAAS_REGISTRY_PUBLIC to the address the hosts reach the registry at (for example this machine's LAN address, 192.0.2.10:5000) and restart the portal; or set CAAS_REGISTRY_ADDR to that address, or CAAS_REGISTRY_URL to an external registry.`,
          ),
        },
      ];
    default:
      return [];
  }
}
