// ─── Security invariant (T7) ──────────────────────────────────────────────────────────────────
// A request authenticated by the session cookie may change state only when its Origin is ours:
// the same scheme, host and port. Missing Origin and `Origin: null` are refused too: browsers
// always send one on POST/PUT/DELETE. Bearer-token requests are not exposed to CSRF (browsers
// never attach the header by themselves).
//
// "Ours" is either the portal's public origin (NEXTAUTH_URL) or the origin the request itself was
// made to: its Host header with the scheme the client used. The portal's server speaks plain HTTP
// (server.ts); behind a TLS-terminating proxy the scheme is the proxy's X-Forwarded-Proto (a
// cross-site page cannot set that header: a custom header on a cross-origin request needs a CORS
// preflight we never grant). When the public origin is https, an http Origin is never ours: a page
// injected into the plain-http site (anyone on the network can serve one) must not act on the
// https portal with the user's cookie.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { publicOrigin } from "@/lib/config";

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

function originOf(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

/** The scheme the client used: X-Forwarded-Proto's first value when a proxy set it, else http. */
function requestScheme(forwardedProto: string | null | undefined): "http" | "https" {
  const p = forwardedProto?.split(",")[0].trim().toLowerCase();
  return p === "https" ? "https" : "http";
}

export function isSameOrigin(origin: string | null, host: string | null, forwardedProto?: string | null, portalOrigin: string = publicOrigin()): boolean {
  if (!origin || origin === "null") return false;
  const o = originOf(origin);
  if (!o) return false;
  const pub = originOf(portalOrigin);
  if (pub && o.origin === pub.origin) return true;
  if (pub?.protocol === "https:" && o.protocol !== "https:") return false;
  if (!host || !HOST.test(host)) return false;
  const own = originOf(`${requestScheme(forwardedProto)}://${host}`);
  return own !== null && o.origin === own.origin;
}
