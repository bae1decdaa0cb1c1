// ─── Security invariant (T31) ─────────────────────────────────────────────────────────────────
// Outbound connections the portal makes on a tenant's behalf never reach loopback, link-local,
// unspecified, multicast/broadcast addresses, the portal machine's own addresses, or ranges a
// platform admin denies; with a non-empty allow list, only addresses inside it. Decided on the
// resolved IP (never the name), for every address a name resolves to.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { cidrContains, parseCidr, parseIp, sameIp, type Cidr, type Ip } from "./ip";

export type RefusalReason =
  | "invalid_address"
  | "loopback"
  | "link_local"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "portal_address"
  | "denied_range"
  | "outside_allow_list";

export interface AddressPolicy {
  /** Every address of the portal machine (interfaces, listen address). */
  ownAddresses: readonly string[];
  /** CIDRs refused (admin settings). */
  deny: readonly string[];
  /** CIDRs allowed; empty = any address not refused otherwise. */
  allow: readonly string[];
}

export type AddressVerdict = { ok: true } | { ok: false; reason: RefusalReason };

const BUILT_IN: { reason: RefusalReason; ranges: string[] }[] = [
  // loopback before unspecified: ::1 is inside ::/96
  { reason: "loopback", ranges: ["127.0.0.0/8", "::1/128"] },
  { reason: "unspecified", ranges: ["0.0.0.0/8", "::/96"] }, // "this network"; :: and the deprecated IPv4-compatible ::a.b.c.d
  { reason: "link_local", ranges: ["169.254.0.0/16", "fe80::/10"] },
  { reason: "multicast", ranges: ["224.0.0.0/4", "ff00::/8"] },
  { reason: "broadcast", ranges: ["255.255.255.255/32"] },
];
const BUILT_IN_CIDRS = BUILT_IN.map((b) => ({ reason: b.reason, cidrs: b.ranges.map((r) => parseCidr(r)!) }));

function cidrs(list: readonly string[]): Cidr[] {
  // Settings are validated when saved; an entry that does not parse here is ignored, not fatal.
  return list.map(parseCidr).filter((c): c is Cidr => c !== null);
}

/** The built-in category of an address, or null when none applies. */
export function builtInCategory(ip: Ip): RefusalReason | null {
  for (const b of BUILT_IN_CIDRS) if (b.cidrs.some((c) => cidrContains(c, ip))) return b.reason;
  return null;
}

export function classifyAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const ip = parseIp(address);
  if (!ip) return { ok: false, reason: "invalid_address" };
  const builtIn = builtInCategory(ip);
  if (builtIn) return { ok: false, reason: builtIn };
  if (
    policy.ownAddresses.some((a) => {
      const own = parseIp(a);
      return own !== null && sameIp(own, ip);
    })
  ) {
    return { ok: false, reason: "portal_address" };
  }
  if (cidrs(policy.deny).some((c) => cidrContains(c, ip))) return { ok: false, reason: "denied_range" };
  const allow = cidrs(policy.allow);
  if (allow.length > 0 && !allow.some((c) => cidrContains(c, ip))) return { ok: false, reason: "outside_allow_list" };
  return { ok: true };
}
