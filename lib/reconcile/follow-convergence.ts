// After a change the portal made itself (a scale), watch that app closely until swarm converges,
// so the replica counts people and pipelines poll are current within a fraction of a second
// instead of at the next reconcile round. Observation only, bounded in time, one per app: like the
// reconcile loop it acts for no user, and losing it (a restart) only means the loop catches up.
import { managerEngine } from "@/lib/hosts/host-engine";
import { waitForConvergence, type AppObservation } from "@/lib/orchestrator";
import { recordObservation } from "./record-observation";

/** The follower's poll (engine events wake it earlier; task state changes on other hosts have
 * none): the replica counts people and pipelines poll are at most this much behind the engine's. */
export const FOLLOW_POLL_MS = 100;

/** Counts on the way (3/20 running) are written at most this often: each write is a statement per
 * task that changed state, CPU the engine's own work competes with on a small machine (issue 20). The
 * converged count is written at once. */
export const FOLLOW_RECORD_MS = 500;

const following = new Set<string>();

export function followConvergence(environmentId: string, appId: string): void {
  if (following.has(appId)) return;
  following.add(appId);
  let last = "";
  let lastAt = 0;
  // one write at a time, in the order observed: an older count never lands after a newer one
  let writing: Promise<unknown> = Promise.resolve();
  const record = (o: AppObservation) => (writing = writing.then(() => recordObservation(appId, o)).catch(() => undefined));
  void (async () => {
    const { engine } = await managerEngine(environmentId, { reuse: true });
    await waitForConvergence(engine, appId, {
      timeoutMs: 60_000,
      pollMs: FOLLOW_POLL_MS,
      unansweredGraceMs: 10_000, // a manager busy starting the new tasks may miss a deadline or two
      onProgress: (o) => {
        const key = o.services.map((s) => `${s.serviceId}:${s.running}/${s.desired}`).join(",");
        // unchanged, or a count on the way too soon after the last write (the converged count is
        // written when the wait ends, below)
        if (key === last || Date.now() - lastAt < FOLLOW_RECORD_MS) return;
        last = key;
        lastAt = Date.now();
        void record(o);
      },
    }).then((v) => v.observation && record(v.observation));
  })()
    .catch(() => undefined)
    .finally(() => following.delete(appId));
}
