// ─── Security invariant (T20) ─────────────────────────────────────────────────────────────────
// granted = requested ∩ allowed. allowedActions() is the one table of registry rights; the token
// endpoint never grants an action it does not return. Unknown names, unknown scopes, unknown
// actions: nothing.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { roleAllows, type TenantRole } from "@/lib/policy";
import { parseRepository } from "./names";

export type RegistryAction = "pull" | "push" | "delete";

/** Who is asking, as the token endpoint sees it. */
export type Principal =
  | { kind: "user"; userId: string; platformAdmin: boolean; /** tenant slug → role */ tenantRoles: ReadonlyMap<string, TenantRole> }
  /** A deploy's short-lived pull credential: pull what the tenant may pull, nothing else. */
  | { kind: "deploy"; tenantSlug: string }
  /** The portal itself (approval copies, deletes): never reachable through the token endpoint. */
  | { kind: "portal" };

export interface ScopeRequest {
  type: string;
  name: string;
  actions: string[];
}

export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

export function allowedActions(p: Principal, repository: string): RegistryAction[] {
  const repo = parseRepository(repository);
  if (!repo) return [];
  if (p.kind === "portal") return ["pull", "push", "delete"];
  if (p.kind === "deploy") {
    if (repo.scope === "official" || repo.scope === "market") return ["pull"];
    return repo.scope === "tenant" && repo.owner === p.tenantSlug ? ["pull"] : [];
  }
  switch (repo.scope) {
    case "official":
      return p.platformAdmin ? ["pull", "push", "delete"] : ["pull"];
    case "market":
      // Pushes to the marketplace happen only through an approved publish request (T21).
      return ["pull"];
    case "tenant": {
      const role = p.tenantRoles.get(repo.owner!);
      if (!role) return p.platformAdmin ? ["pull"] : [];
      const out: RegistryAction[] = [];
      if (roleAllows(role, "image.read")) out.push("pull");
      if (roleAllows(role, "image.push")) out.push("push");
      return out;
    }
    case "personal":
      return repo.owner === p.userId.toLowerCase() ? ["pull", "push"] : [];
  }
}

/** Parses the token spec's `scope` values ("repository:<name>:pull,push", repeated or space-separated). */
export function parseScopes(values: string[]): ScopeRequest[] {
  const out: ScopeRequest[] = [];
  for (const v of values) {
    for (const s of v.split(" ")) {
      if (!s) continue;
      // type:name:actions — the name itself never contains ":" in our grammar (no host:port prefix).
      const first = s.indexOf(":");
      const last = s.lastIndexOf(":");
      if (first <= 0 || last === first) continue;
      out.push({
        type: s.slice(0, first),
        name: s.slice(first + 1, last),
        actions: s
          .slice(last + 1)
          .split(",")
          .filter(Boolean),
      });
    }
  }
  return out;
}

/** requested ∩ allowed, per scope; scopes with nothing granted are still listed with no actions. */
export function grantAccess(p: Principal, requested: ScopeRequest[]): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const r of requested) {
    if (r.type === "registry" && r.name === "catalog") {
      const ok = p.kind === "user" && p.platformAdmin && r.actions.includes("*");
      out.push({ type: "registry", name: "catalog", actions: ok ? ["*"] : [] });
      continue;
    }
    if (r.type !== "repository") continue;
    const allowed: string[] = allowedActions(p, r.name);
    const wanted = r.actions.includes("*") ? allowed : r.actions;
    out.push({ type: "repository", name: r.name, actions: [...new Set(wanted.filter((a) => allowed.includes(a)))] });
  }
  return out;
}
