// ─── Security invariant (T20) ─────────────────────────────────────────────────────────────────
// The repository naming scheme decides who may pull and push, so a name is parsed once, strictly,
// with the distribution grammar (lowercase, no "..", no "%", no empty components) and then only
// compared as exact strings. Anything that does not parse gets no access at all.
//
//   official/<name>            curated by platform admins; pull: every signed-in user
//   market/<name>              approved publications; pull: everyone signed in; push: the portal only
//   t/<tenant-slug>/<name>     tenant scope; pull: members; push: owners and members
//   u/<user-id>/<name>         personal scope; pull and push: that user only
// <name> may itself have several "/"-separated components.
// ───────────────────────────────────────────────────────────────────────────────────────────────

export type ImageScope = "official" | "market" | "tenant" | "personal";

export interface RepoName {
  repository: string;
  scope: ImageScope;
  /** tenant slug (tenant scope) or user id (personal scope) */
  owner?: string;
  /** the part after the scope prefix */
  name: string;
}

// distribution/reference: path-component = alnum+ (separator alnum+)*, separator = [_.] | __ | -+
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function isValidComponent(s: string): boolean {
  return s.length > 0 && s.length <= 128 && COMPONENT.test(s);
}

export function isValidTag(s: string): boolean {
  return TAG.test(s);
}

export function isValidDigest(s: string): boolean {
  return DIGEST.test(s);
}

/** Parses a repository name into its scope; null for anything outside the scheme or the grammar. */
export function parseRepository(repository: string): RepoName | null {
  if (typeof repository !== "string" || repository.length === 0 || repository.length > 255) return null;
  const parts = repository.split("/");
  if (!parts.every(isValidComponent)) return null;
  const [first, second] = parts;
  if ((first === "official" || first === "market") && parts.length >= 2) {
    return { repository, scope: first, name: parts.slice(1).join("/") };
  }
  if ((first === "t" || first === "u") && parts.length >= 3) {
    return { repository, scope: first === "t" ? "tenant" : "personal", owner: second, name: parts.slice(2).join("/") };
  }
  return null;
}

export function tenantRepository(tenantSlug: string, name: string): string {
  return `t/${tenantSlug}/${name}`;
}

export function personalRepository(userId: string, name: string): string {
  return `u/${userId.toLowerCase()}/${name}`;
}

export function marketRepository(name: string): string {
  return `market/${name}`;
}

/** The last component of a repository: the default name of a copy in another scope. */
export function shortName(repository: string): string {
  return repository.slice(repository.lastIndexOf("/") + 1);
}
