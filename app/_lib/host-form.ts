// FormData (flat fields of components/hosts/add-host-dialog.tsx) → the input addHost validates.
// TLS is all-or-nothing: sent when any of its three fields has text, so a missing one is reported
// by path (tls.key) instead of silently connecting without TLS. Empty optionals are left out.
function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

export function hostInputFromForm(o: Record<string, unknown>) {
  const tls = { ca: str(o.tlsCa), cert: str(o.tlsCert), key: str(o.tlsKey) };
  return {
    name: str(o.name),
    endpoint: str(o.endpoint),
    ...(tls.ca || tls.cert || tls.key ? { tls } : {}),
    ...(str(o.advertiseAddr) ? { advertiseAddr: str(o.advertiseAddr) } : {}),
  };
}
