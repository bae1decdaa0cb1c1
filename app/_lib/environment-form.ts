// FormData (flat fields of components/environments/environment-fields.tsx) → the nested input the
// environment use-cases validate. Error paths come back nested (`portRange.to`), which the fields
// map back with `errorKeys`. Empty optional fields are left out so the defaults apply.
function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

export function environmentInputFromForm(o: Record<string, unknown>, { includeBindAllowList = false } = {}) {
  const portFrom = str(o.portFrom);
  const portTo = str(o.portTo);
  const cpus = str(o.cpus);
  const memoryMb = str(o.memoryMb);
  return {
    name: str(o.name),
    description: str(o.description),
    // issue 17: the region select (absent from forms without one: the default region on create)
    ...(str(o.regionId) ? { regionId: str(o.regionId) } : {}),
    ...(portFrom || portTo ? { portRange: { from: portFrom, to: portTo } } : {}),
    ...(str(o.publishMode) ? { publishMode: str(o.publishMode) } : {}),
    ...(str(o.endpointMode) ? { endpointMode: str(o.endpointMode) } : {}),
    // Empty keeps the default, for each field on its own (issue 11: a blank CPU field next to a
    // memory value was sent as 0 and refused).
    ...(cpus || memoryMb ? { defaults: { ...(cpus ? { cpus } : {}), ...(memoryMb ? { memoryMb } : {}) } } : {}),
    // One absolute path per line; only platform admins see (and may send) this field.
    ...(includeBindAllowList && typeof o.bindAllowList === "string"
      ? {
          bindAllowList: o.bindAllowList
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean),
        }
      : {}),
  };
}
