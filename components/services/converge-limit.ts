// Will a replica count converge? With host-mode published ports each host can run only one task of
// the service (the port is bound on the host itself), so more replicas than schedulable hosts
// leave tasks pending forever. The page warns before such a change is saved (issue 11 item 5).
// No imports: the browser bundle uses it.

/** The most replicas that can run, or null when there is no such limit. */
export function convergeLimit(o: { publishMode: string; publishedPorts: number; schedulableHosts: number }): number | null {
  if (o.publishMode !== "host" || o.publishedPorts === 0) return null;
  return o.schedulableHosts;
}

export function cannotConverge(replicas: number, limit: number | null): boolean {
  return limit !== null && Number.isFinite(replicas) && replicas > limit;
}
