// Requests in flight in this process (server.ts counts every HTTP request). The job worker asks it
// before claiming (issue 20): interactive requests go first, so a burst of POSTs is answered before
// the jobs it enqueued start competing for the event loop and the database writer. A request that
// has run for longer than LONG_MS (a followed log, a file download) no longer counts.

export interface RequestGauge {
  start(): () => void;
  /** True while a request that started less than LONG_MS ago is still in flight. */
  busy(): boolean;
}

export const LONG_MS = 2_000;

export function requestGauge(now: () => number = Date.now): RequestGauge {
  const open = new Set<{ at: number }>();
  return {
    start() {
      const r = { at: now() };
      open.add(r);
      return () => open.delete(r);
    },
    busy() {
      const since = now() - LONG_MS;
      for (const r of open) if (r.at > since) return true;
      return false;
    },
  };
}
