// FormData (flat fields of components/hosts/add-host-dialog.tsx) → the input addHost validates.
// TLS is all-or-nothing: sent when any of its three fields has text, so a missing one is reported
// by path (tls.key) instead of silently connecting without TLS. Empty optionals are left out.
// The SSH key (ssh:// hosts) keeps its trailing newline: OpenSSH key files need it.
function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

export function hostInputFromForm(o: Record<string, unknown>) {
  const tls = { ca: str(o.tlsCa), cert: str(o.tlsCert), key: str(o.tlsKey) };
  return {
    name: str(o.name),
    endpoint: str(o.endpoint),
    ...(tls.ca || tls.cert || tls.key ? { tls } : {}),
    // a key pair the portal generated (sealed) wins over a pasted key
    ...(str(o.sshGeneratedKey) ? { ssh: { generatedKey: str(o.sshGeneratedKey) } } : str(o.sshKey) ? { ssh: { privateKey: str(o.sshKey) + "\n" } } : {}),
    ...(str(o.advertiseAddr) ? { advertiseAddr: str(o.advertiseAddr) } : {}),
  };
}
