// The one way client components read the REST API for live data: same origin, the session cookie,
// JSON. The server's error message is safe to show (lib/errors), so it becomes the thrown message.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** Headers for the portal's own REST calls: JSON, and the page's language for error messages
 * (the API answers in the Accept-Language it is sent; <html lang> is the user's locale). */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const lang = typeof document !== "undefined" ? document.documentElement.lang : "";
  return { accept: "application/json", ...(lang ? { "accept-language": lang } : {}), ...extra };
}

/** The fallback when an answer carries no message (network trouble): in the page's language. */
function loadingFailed(status: number): string {
  const zh = typeof document !== "undefined" && document.documentElement.lang.startsWith("zh");
  return zh ? `加载失败（HTTP ${status}）。` : `Loading failed (HTTP ${status}).`;
}

export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: apiHeaders(), cache: "no-store" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(res.status, body?.error?.message ?? loadingFailed(res.status));
  return body as T;
}

/** A 404 means the object is gone (deleted, or never ours): stop polling and say so. */
export function isGone(e: unknown): boolean {
  return e instanceof HttpError && e.status === 404;
}

/** Poll fast while the engine is working on something, slowly otherwise. */
export const POLL_FAST_MS = 2_000;
export const POLL_SLOW_MS = 10_000;
export const pollEvery = (busy: boolean) => (busy ? POLL_FAST_MS : POLL_SLOW_MS);

/**
 * For queries seeded by the server render (initialData): drop the cache entry once the page
 * unmounts, so the next visit starts from its own fresh server render instead of showing what an
 * earlier visit polled (e.g. an empty app list right after a deploy).
 */
export const SEEDED = { gcTime: 0 } as const;

/**
 * Seeding for a long list the server renders with its first page only (issue 20: the page's HTML
 * and payload then carry 25 rows, not all of a service's containers): the query starts from that
 * page, marked as old when there is more (`partial`) so that it loads the whole list as soon as
 * the page is live; a complete seed is as fresh as the render.
 */
export function seedFirstPage<T>(items: T[], partial: boolean) {
  return { ...SEEDED, initialData: { items }, ...(partial ? { initialDataUpdatedAt: 0 } : {}) };
}
