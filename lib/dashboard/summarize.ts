// The dashboard's judgement of what is true right now, as pure functions of rows (unit-tested with
// plain objects). The rule that matters: what the portal last heard from a host it can no longer
// reach is not news. An app with a container on a lost host, or in an environment whose managers
// all went quiet, or not observed for a while, is "stale" — never shown as plain "running".

export type LostReason = "hostLost" | "noManager" | "notObserved";

/** Host states in which the engine does not answer (ours) or swarm gave the node up (its own). */
export const LOST_HOST_STATES = new Set(["unreachable", "down"]);

/** Past this, a settled app's last observation is old news (the reconciler observes every ~3 s). */
export const OBSERVATION_STALE_MS = 60_000;

/** App states the reconciler keeps observing; the others are still being worked on or are failed. */
const OBSERVED_STATES = new Set(["running", "degraded", "stopped", "drifted"]);

export interface HostRow {
  id: string;
  status: string;
  swarmRole: string | null;
}

export interface AppRow {
  id: string;
  status: string;
  services: { observedAt: Date | null; containers: { hostId: string | null; state: string; desiredState: string }[] }[];
}

/** Why an app's state cannot be trusted now, or null when it can. */
export function staleReason(app: AppRow, hosts: HostRow[], now: Date): LostReason | null {
  const lost = new Set(hosts.filter((h) => LOST_HOST_STATES.has(h.status)).map((h) => h.id));
  // A container the portal last saw running (or meant to run) on a host it cannot reach.
  const onLostHost = app.services.some((s) =>
    s.containers.some((c) => c.hostId !== null && lost.has(c.hostId) && (c.state === "running" || c.desiredState === "running")),
  );
  if (onLostHost) return "hostLost";
  if (!OBSERVED_STATES.has(app.status)) return null;
  const managers = hosts.filter((h) => h.swarmRole === "manager");
  if (managers.length > 0 && managers.every((h) => LOST_HOST_STATES.has(h.status))) return "noManager";
  const observed = app.services.map((s) => s.observedAt?.getTime() ?? 0);
  if (observed.length > 0 && Math.min(...observed) < now.getTime() - OBSERVATION_STALE_MS) return "notObserved";
  return null;
}

export type HostHealth = { total: number; ready: number; lost: number; other: number };

export function hostHealth(hosts: HostRow[]): HostHealth {
  const lost = hosts.filter((h) => LOST_HOST_STATES.has(h.status)).length;
  const ready = hosts.filter((h) => h.status === "ready").length;
  return { total: hosts.length, ready, lost, other: hosts.length - ready - lost };
}

/** An app needs a look when it is failing, not converged, still converging or stale. */
export function needsAttention(status: string, stale: LostReason | null, services: { desired: number; running: number; lastError: string | null }[]): boolean {
  if (stale) return true;
  if (["failed", "degraded", "drifted", "deploying"].includes(status)) return true;
  return services.some((s) => s.running < s.desired || s.lastError !== null);
}

/** Sorted for an operator: the worst first (failed, stale, degraded, drifted, converging). */
export function attentionRank(status: string, stale: LostReason | null): number {
  if (status === "failed") return 0;
  if (stale) return 1;
  return { degraded: 2, drifted: 3, deploying: 4 }[status] ?? 5;
}
