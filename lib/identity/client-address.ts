// The client's address for per-address throttling. server.ts writes the socket's peer address into
// x-caas-client-address on every request (replacing whatever a client sent). Behind a reverse
// proxy set CAAS_TRUST_PROXY=1: the last X-Forwarded-For entry (the one the proxy added) counts.
type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined | null;

function header(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function clientAddress(h: HeaderBag): string | null {
  if (process.env.CAAS_TRUST_PROXY === "1") {
    const xff = header(h, "x-forwarded-for");
    const last = xff
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last) return last.slice(0, 64);
  }
  const a = header(h, "x-caas-client-address");
  return a ? a.slice(0, 64) : null;
}
