// ─── Security invariant (T7) ──────────────────────────────────────────────────────────────────
// A request authenticated by the session cookie may change state only when its Origin is ours.
// Missing Origin and `Origin: null` are refused too: browsers always send one on POST/PUT/DELETE.
// Bearer-token requests are not exposed to CSRF (browsers never attach the header by themselves).
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { publicOrigin } from "@/lib/config";

export function isSameOrigin(origin: string | null, host: string | null): boolean {
  if (!origin || origin === "null") return false;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (host && o.host === host) return true;
  try {
    return o.origin === new URL(publicOrigin()).origin;
  } catch {
    return false;
  }
}
