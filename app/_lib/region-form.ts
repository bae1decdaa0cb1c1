// FormData of components/regions/region-form-fields.tsx → the region use-cases' input
// (`{ displayName, registry: { url, username, password } }`). Fields the form does not show (the
// default region's registry) or left empty are omitted, and so is `registry` when none of its fields
// is sent; "remove the stored credentials" is `registry.username: null`.
function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

export function regionInputFromForm(o: Record<string, unknown>) {
  const password = typeof o.registryPassword === "string" ? o.registryPassword : "";
  const clear = str(o.clearCredentials) !== "";
  const registry = {
    ...(str(o.registryUrl) ? { url: str(o.registryUrl) } : {}),
    ...(clear ? { username: null } : str(o.registryUsername) ? { username: str(o.registryUsername) } : {}),
    ...(!clear && password ? { password } : {}),
  };
  return {
    ...(o.displayName !== undefined ? { displayName: str(o.displayName) } : {}),
    ...(Object.keys(registry).length ? { registry } : {}),
  };
}
