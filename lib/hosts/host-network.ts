// The outbound address policy for host endpoints (T31) and SSH host-key pinning, wired to the
// platform settings and the database. lib/docker asks the guard before every new connection.
import { db } from "@/lib/db";
import type { ConnectGuard, ParsedEndpoint } from "@/lib/docker";
import { machineAddresses, systemLookup, vetOutboundHost, type OutboundDeps } from "@/lib/net";
import { readPlatformSettings } from "@/lib/settings";

export const systemOutboundDeps: OutboundDeps = {
  lookup: systemLookup,
  ownAddresses: () => machineAddresses(),
  networkLists: async () => {
    const s = await readPlatformSettings();
    return { allow: s.hostNetworkAllow, deny: s.hostNetworkDeny };
  },
};

/**
 * Which endpoints the policy guards: those a tenant owner can add (tcp:// with TLS, ssh://). The
 * admin-only kinds (unix://, plain tcp://, `host.insecure.manage`) are the admin's explicit choice
 * of a trusted engine and stay unguarded. The rule depends only on the endpoint, so the check at
 * add time and the one on every reconnect always agree.
 */
export function isGuardedEndpoint(parsed: ParsedEndpoint, hasTls: boolean): boolean {
  return parsed.kind === "ssh" || (parsed.kind === "tcp" && hasTls);
}

export function hostConnectGuard(deps: OutboundDeps = systemOutboundDeps): ConnectGuard {
  return async (host) => {
    const v = await vetOutboundHost(host, deps);
    return v.ok ? { ok: true, address: v.address } : { ok: false, reason: `${v.reason} ${v.address}` };
  };
}

/** Trust on first use, then compare: the pinned fingerprint is read fresh on every connection. */
export function pinnedHostKeyVerifier(hostId: string): (fingerprint: string) => Promise<boolean> {
  return async (fingerprint) => {
    await db.host.updateMany({ where: { id: hostId, sshHostKey: null }, data: { sshHostKey: fingerprint } });
    const row = await db.host.findUnique({ where: { id: hostId }, select: { sshHostKey: true } });
    return row?.sshHostKey === fingerprint;
  };
}

/** For a host being added: accept the first key, then only that key (it is stored with the row). */
export function firstUseHostKeyVerifier(): { verify: (fingerprint: string) => Promise<boolean>; pinned: () => string | null } {
  let pinned: string | null = null;
  return {
    verify: async (fingerprint) => {
      pinned ??= fingerprint;
      return pinned === fingerprint;
    },
    pinned: () => pinned,
  };
}
