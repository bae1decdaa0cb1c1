// Counts the portal's HTTP requests for /metrics. server.ts (run by tsx) records and the /metrics
// route (bundled by Next) reads, so the counts live on globalThis: both module copies share them.
// Labels are bounded by construction: a fixed set of path classes, the method, the status class.

export type PathClass = "api" | "registry_token" | "metrics" | "socket" | "static" | "page";

interface Counts {
  requests: Map<string, number>;
}
const g = globalThis as unknown as { __caasRequestCounts?: Counts };
const counts = (g.__caasRequestCounts ??= { requests: new Map() });

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

export function pathClass(url: string): PathClass {
  if (url.startsWith("/api/registry/token")) return "registry_token";
  if (url.startsWith("/api/")) return "api";
  if (url === "/metrics" || url.startsWith("/metrics?")) return "metrics";
  if (url.startsWith("/socket.io")) return "socket";
  if (url.startsWith("/_next/") || url.startsWith("/favicon")) return "static";
  return "page";
}

/** Records one finished request. */
export function countRequest(method: string | undefined, url: string | undefined, status: number): void {
  const m = method && METHODS.has(method) ? method : "OTHER";
  const key = `${pathClass(url ?? "/")}|${m}|${Math.floor(status / 100)}xx`;
  counts.requests.set(key, (counts.requests.get(key) ?? 0) + 1);
}

export function requestCounts(): { path: PathClass; method: string; status: string; count: number }[] {
  return [...counts.requests.entries()].map(([k, count]) => {
    const [path, method, status] = k.split("|");
    return { path: path as PathClass, method, status, count };
  });
}
