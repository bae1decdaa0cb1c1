// What a platform admin may send for a region, and the rules between its fields. Pure (no database):
// the use-cases apply these to the stored row; tests/unit/regions-input.test.ts covers them.
import { appError, problem, type AppError } from "@/lib/errors";
import { keyed, slug, z } from "@/lib/validation";

/** An http(s) URL naming a registry by scheme, host and port only: no credentials (they have fields of
 * their own and are sealed), no path, query or fragment (a Distribution registry lives at the root). */
export function isRegistryUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password && (u.pathname === "/" || u.pathname === "") && !u.search && !u.hash;
}

/** `https://Reg.Example:5000/` → `https://reg.example:5000` (what is stored and shown). */
export function normalizeRegistryUrl(raw: string): string {
  return new URL(raw).origin;
}

/** The host:port in image references of hosts that pull from this registry (`docker pull <it>/…`). */
export function registryPullAddress(registryUrl: string): string {
  const u = new URL(registryUrl);
  // Docker assumes https (443) for a bare host: a plain-http registry on port 80 keeps its port.
  return u.protocol === "http:" && !u.port ? `${u.hostname}:80` : u.host;
}

export const registryUrl = z.string().trim().min(1).max(300).refine(isRegistryUrl, keyed("regions.validation.registryUrl")).transform(normalizeRegistryUrl);

const displayName = z.string().trim().min(1).max(80);
const username = z.string().trim().min(1).max(200);
const password = z.string().min(1).max(500);

/** The registry of a new region: its URL, and credentials for a registry with its own auth. */
const registryInput = z
  .object({
    url: registryUrl,
    username: username.optional(),
    password: password.optional(),
  })
  .strict();

/** A new region is never the default one (that comes with the migration), so it names its registry. */
export const createRegionInput = z
  .object({
    name: slug,
    displayName,
    registry: registryInput,
  })
  .strict();

/** The registry on edit: every field optional; `username: null` removes the credentials; an omitted
 * password keeps the stored one. */
const registryPatch = z
  .object({
    url: registryUrl.optional(),
    username: username.nullable().optional(),
    password: password.optional(),
  })
  .strict();

/** The name stays (image references and replication will carry it). */
export const updateRegionInput = z
  .object({
    displayName: displayName.optional(),
    registry: registryPatch.optional(),
  })
  .strict();

export type CreateRegionInput = z.infer<typeof createRegionInput>;
export type UpdateRegionInput = z.infer<typeof updateRegionInput>;
/** What a create or an update says about the registry (the API's `registry` object). */
export type RegistryInput = { url?: string; username?: string | null; password?: string };

const invalid = (path: string, key: string, english: string): AppError =>
  appError("VALIDATION", "validation.check", undefined, `Check these fields: ${path}.`, { details: [problem(path, key, undefined, english)], paths: [path] });

/**
 * The stored credential columns after a create or an update (`registry` as sent; undefined = not
 * sent), or a VALIDATION error naming the field by its path in the body (`registry.username`, …).
 */
export function credentialColumns(
  stored: { isDefault: boolean; registryUsername: string | null; hasPassword: boolean },
  registry: RegistryInput | undefined,
): { registryUsername?: string | null; registryPassword?: string | null } {
  const data = registry ?? {};
  // The default region is the portal's embedded registry, configured by CAAS_REGISTRY_* (README).
  if (stored.isDefault) {
    for (const field of ["url", "username", "password"] as const) {
      const v = data[field];
      if (v !== undefined && v !== null)
        throw invalid(
          `registry.${field}`,
          "regions.validation.defaultEmbedded",
          "The default region uses the portal's embedded registry: it takes no registry address or credentials.",
        );
    }
    return {};
  }
  if (data.username === null) {
    if (data.password !== undefined) throw invalid("registry.password", "regions.validation.passwordWithoutUser", "A password needs a user name.");
    return { registryUsername: null, registryPassword: null };
  }
  const user = data.username ?? stored.registryUsername;
  if (data.password !== undefined && !user) throw invalid("registry.username", "regions.validation.passwordWithoutUser", "A password needs a user name.");
  if (data.username !== undefined && data.password === undefined && !stored.hasPassword)
    throw invalid("registry.password", "regions.validation.userWithoutPassword", "A user name needs a password.");
  return {
    ...(data.username !== undefined ? { registryUsername: data.username } : {}),
    ...(data.password !== undefined ? { registryPassword: data.password } : {}),
  };
}
