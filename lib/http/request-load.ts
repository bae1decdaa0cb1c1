// Is a burst of changes arriving at this process (issue 20)? The job worker asks before claiming
// (server.ts wires `burst` into startWorker's `yieldTo`): when a script or a pipeline POSTs 200
// deploys at once, they are answered first, and the 200 jobs they queued start after, instead of
// taking turns with them on the same thread and SQLite's single writer. On SQLite a request runs
// to its answer almost without waiting, so the requests "in flight" are never many: what tells a
// burst is how many changes (API requests other than GET/HEAD) arrived in the last moment. A
// person's page (one change, then reads and polls) is not a burst.
import type { IncomingMessage } from "node:http";

/** The moment looked at, and how many changes arriving in it make a burst. */
export const BURST_WINDOW_MS = 250;
export const BURST_CHANGES = 3;

export interface RequestLoad {
  /** Call for every request the HTTP server receives. */
  track(req: Pick<IncomingMessage, "method" | "url">): void;
  /** API changes that arrived in the last BURST_WINDOW_MS. */
  recentChanges(): number;
  /** At least BURST_CHANGES of them. */
  burst(): boolean;
}

export function requestLoad(now: () => number = Date.now): RequestLoad {
  // arrival times, oldest first; only the window's are kept
  let arrivals: number[] = [];
  const prune = (t: number) => {
    let i = 0;
    while (i < arrivals.length && arrivals[i] <= t - BURST_WINDOW_MS) i++;
    if (i > 0) arrivals = arrivals.slice(i);
  };
  const recentChanges = () => {
    prune(now());
    return arrivals.length;
  };
  return {
    track(req) {
      if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
      if (!req.url?.startsWith("/api/")) return;
      const t = now();
      prune(t);
      arrivals.push(t);
    },
    recentChanges,
    burst: () => recentChanges() >= BURST_CHANGES,
  };
}
