// Resolve a host name and vet every address it resolves to against the outbound policy (T31).
// The caller connects to the returned address, never to the name again: a second resolution
// could answer differently (DNS rebinding). Dependencies are parameters so tests pass fakes.
import dns from "node:dns";
import os from "node:os";
import { classifyAddress, type AddressPolicy, type RefusalReason } from "./address-policy";
import { parseIp } from "./ip";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export interface OutboundDeps {
  /** All addresses of a name (dns.lookup with all: true). Throws ENOTFOUND & co like dns does. */
  lookup(host: string): Promise<ResolvedAddress[]>;
  /** The portal machine's own addresses, read at each check (interfaces come and go). */
  ownAddresses(): string[];
  /** Admin allow/deny CIDRs, read at each check so a change applies to the next connection. */
  networkLists(): Promise<{ allow: string[]; deny: string[] }>;
}

export type OutboundVerdict = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: RefusalReason; address: string };

export async function vetOutboundHost(host: string, deps: OutboundDeps): Promise<OutboundVerdict> {
  const bare = host.replace(/^\[|\]$/g, "");
  const literal = parseIp(bare);
  const addresses: ResolvedAddress[] = literal ? [{ address: bare, family: literal.v4 && !bare.includes(":") ? 4 : 6 }] : await deps.lookup(bare);
  const lists = await deps.networkLists();
  const policy: AddressPolicy = { ownAddresses: deps.ownAddresses(), allow: lists.allow, deny: lists.deny };
  if (addresses.length === 0) return { ok: false, reason: "invalid_address", address: "" };
  // Every address must pass: a name with one public and one loopback answer is refused outright,
  // since which one a later connection would use is the resolver's choice.
  for (const a of addresses) {
    const v = classifyAddress(a.address, policy);
    if (!v.ok) return { ok: false, reason: v.reason, address: a.address };
  }
  return { ok: true, address: addresses[0].address, family: addresses[0].family };
}

// ---- the real dependencies ---------------------------------------------------------------------

export async function systemLookup(host: string): Promise<ResolvedAddress[]> {
  const all = await dns.promises.lookup(host, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/** Every address of every interface of this machine, plus the address the portal listens on. */
export function machineAddresses(listenHost = process.env.HOST): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) out.push(a.address.replace(/%.*$/, ""));
  if (listenHost && parseIp(listenHost)) out.push(listenHost);
  return out;
}
