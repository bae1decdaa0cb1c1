// ─── Security invariant ───────────────────────────────────────────────────────────────────────
// authorize() is the one gate. Every use-case calls it first. For tenant-owned objects, a caller
// with no role in the owning tenant gets NOT_FOUND (the same answer as for a missing id), a caller
// with a role that does not grant the permission gets FORBIDDEN (they may know the object exists).
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "./actor";
import { PERMISSIONS, roleAllows, type Permission } from "./permissions";

export interface Resource {
  /** The owning tenant; null/undefined for platform-level resources. */
  tenantId?: string | null;
  /** Human name for messages ("Environment"). */
  kind?: string;
}

export function authorize(actor: Actor, permission: Permission, resource: Resource = {}): void {
  if (actor.platformAdmin) return;
  const tenantId = resource.tenantId ?? null;
  const grantable = PERMISSIONS[permission] as readonly string[];
  if (tenantId === null) {
    // Platform-level permission: only admins, unless some tenant role grants it without an object
    // (e.g. "environment.create" is checked against the target tenant, so never reaches here).
    if (grantable.length === 0) throw new AppError("FORBIDDEN", "This needs a platform administrator.", undefined, { i18n: { key: "errors.needsAdmin" } });
    throw new AppError("FORBIDDEN", "Choose a tenant for this operation.", undefined, { i18n: { key: "errors.chooseTenant" } });
  }
  const role = actor.roles.get(tenantId);
  if (!role) throw notFound(resource.kind ?? "Object");
  if (!roleAllows(role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${role}) does not allow ${permission}.`, undefined, {
      i18n: { key: "errors.roleForbids", params: { role: `@roles.${role}`, permission } },
    });
  }
}

/** True instead of throwing: for UI hints only (show/hide a button). The use-case still decides. */
export function can(actor: Actor, permission: Permission, resource: Resource = {}): boolean {
  try {
    authorize(actor, permission, resource);
    return true;
  } catch {
    return false;
  }
}
