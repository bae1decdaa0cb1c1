// Engine clients for hosts and environments, built from database rows. TLS and SSH keys are
// unsealed only here, only to open the connection. Every engine client for a host is built by
// hostEngine(): it attaches the outbound guard (T31) that the transport asks on every connect.
import { db } from "@/lib/db";
import { engineFor, isUnreachable, parseEndpoint, type Engine } from "@/lib/docker";
import { appError } from "@/lib/errors";
import { unseal } from "@/lib/crypto";
import { hostConnectGuard, isGuardedEndpoint, pinnedHostKeyVerifier } from "./host-network";

export interface HostRow {
  id: string;
  endpoint: string;
  tlsCa: string | null;
  tlsCert: string | null;
  tlsKeyEnc: string | null;
  sshKeyEnc?: string | null;
}

export interface HostEngineOptions {
  /** SSH host-key check; default: the key pinned on the host row (pinned on first use). */
  verifyHostKey?: (fingerprint: string) => Promise<boolean>;
}

/**
 * How long one quick question to a host's engine may take. ssh:// opens a channel and starts the
 * remote docker CLI per request (`docker system dial-stdio`), which a busy host takes seconds to
 * do: it gets longer than a direct TCP/TLS engine.
 */
export function engineDeadlineMs(endpoint: string, directMs: number): number {
  return parseEndpoint(endpoint).kind === "ssh" ? Math.max(directMs, 8_000) : directMs;
}

export function hostEngine(h: HostRow, timeoutMs?: number, opts: HostEngineOptions = {}): Engine {
  const tls = h.tlsKeyEnc && h.tlsCa && h.tlsCert ? { ca: h.tlsCa, cert: h.tlsCert, key: unseal(h.tlsKeyEnc) } : undefined;
  const ssh = h.sshKeyEnc ? { privateKey: unseal(h.sshKeyEnc), verifyHostKey: opts.verifyHostKey ?? pinnedHostKeyVerifier(h.id) } : undefined;
  const guard = isGuardedEndpoint(parseEndpoint(h.endpoint), Boolean(tls)) ? hostConnectGuard() : undefined;
  return engineFor({ endpoint: h.endpoint, tls, ssh, guard, scope: `host:${h.id}` }, timeoutMs ? { timeoutMs } : undefined);
}

/** How long `managerEngine(…, { reuse: true })` answers with the manager found before. */
export const MANAGER_REUSE_MS = 10_000;
const found = new Map<string, { at: number; manager: Promise<{ engine: Engine; hostId: string }> }>();

/**
 * A reachable manager of the environment's swarm (managers first by last contact, the raft leader
 * when it answers). Finding it costs a query and two or three engine calls; with `reuse` (issue 20:
 * a scale and its convergence follower, a deploy's steps) the answer of a lookup at most
 * MANAGER_REUSE_MS old is reused. Every lookup without `reuse` replaces it: a caller whose engine
 * call did not answer asks again without `reuse`; a lookup that fails is not kept.
 */
export function managerEngine(environmentId: string, o: { reuse?: boolean } = {}): Promise<{ engine: Engine; hostId: string }> {
  const hit = found.get(environmentId);
  if (o.reuse && hit && Date.now() - hit.at < MANAGER_REUSE_MS) return hit.manager;
  const manager = findManager(environmentId);
  found.set(environmentId, { at: Date.now(), manager });
  manager.catch(() => found.get(environmentId)?.manager === manager && found.delete(environmentId));
  return manager;
}

/**
 * What the reconcile loop found moments ago (issue 20): a host that answered as a manager and that
 * swarm names its raft leader is what a lookup would find, so the next `reuse` lookups take it
 * without asking again. The loop runs every few seconds, so a deploy or a scale after a quiet
 * minute no longer starts with the two or three engine calls of a lookup.
 */
export function noteManager(environmentId: string, h: HostRow): void {
  found.set(environmentId, { at: Date.now(), manager: Promise.resolve({ engine: hostEngine(h, 5_000), hostId: h.id }) });
}

async function findManager(environmentId: string): Promise<{ engine: Engine; hostId: string }> {
  const managers = await db.host.findMany({
    where: { environmentId, swarmRole: "manager", status: { not: "removing" } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "asc" }],
  });
  let lastError: unknown;
  for (const m of managers) {
    const engine = hostEngine(m, 5_000);
    try {
      // A freshly promoted or demoted node answers before it acts in its new role.
      if (!(await engine.info()).swarm.isManager) continue;
      // Writes to a follower are forwarded to the raft leader: talk to the leader directly.
      const leader = (await engine.listNodes({ role: ["manager"] })).find((n) => n.leader);
      const leaderHost = leader && leader.id !== m.nodeId ? managers.find((h) => h.nodeId === leader.id) : undefined;
      if (leaderHost) {
        const le = hostEngine(leaderHost, 5_000);
        if (
          await le.ping().then(
            () => true,
            () => false,
          )
        )
          return { engine: le, hostId: leaderHost.id };
      }
      return { engine, hostId: m.id };
    } catch (e) {
      lastError = e;
      if (!isUnreachable(e)) break;
    }
  }
  if (managers.length === 0) throw appError("CONFLICT", "hostErrors.noHosts", undefined, "This environment has no hosts yet; add a host first.");
  throw appError("CONFLICT", "hostErrors.noManagerAnswers", undefined, "No manager of this environment's swarm answers; check the hosts.", {
    cause: lastError,
  });
}

export function swarmAddrPool(): string[] {
  return (process.env.CAAS_SWARM_ADDR_POOL || "10.78.0.0/16")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
