// Who may do what: a declarative table of verbs on resources. Platform admins may do everything;
// tenant roles are checked against the tenant that owns the object. Change rights here, nowhere else.

export type TenantRole = "owner" | "member" | "viewer";

export const TENANT_ROLES: readonly TenantRole[] = ["owner", "member", "viewer"];

const VIEW: TenantRole[] = ["owner", "member", "viewer"];
const WORK: TenantRole[] = ["owner", "member"];
const OWN: TenantRole[] = ["owner"];
/** Permissions no tenant role grants: platform admins only. */
const ADMIN_ONLY: TenantRole[] = [];

export const PERMISSIONS = {
  // platform
  "user.read": ADMIN_ONLY,
  "user.manage": ADMIN_ONLY,
  "tenant.create": ADMIN_ONLY,
  "tenant.delete": ADMIN_ONLY,
  "image.publish.approve": ADMIN_ONLY,
  "image.official.manage": ADMIN_ONLY,
  // official and market templates, catalog imports into the official scope, template approvals (issue 13)
  "template.official.manage": ADMIN_ONLY,
  "template.publish.approve": ADMIN_ONLY,
  "environment.policy.manage": ADMIN_ONLY,
  // unix:// and plain tcp:// engines (the portal host itself, labs): no tenant should reach them.
  "host.insecure.manage": ADMIN_ONLY,
  // platform settings: outbound network allow/deny lists, reserved ports
  "settings.manage": ADMIN_ONLY,
  // identity providers, group mappings, identity settings, unlocking accounts, resetting 2FA (issue 14)
  "identity.manage": ADMIN_ONLY,
  // issue 16: shared environments, quotas, the price table
  "environment.shared.manage": ADMIN_ONLY,
  "quota.manage": ADMIN_ONLY,
  "price.manage": ADMIN_ONLY,
  // issue 17: regions and their registries (listing regions needs no permission: names only)
  "region.manage": ADMIN_ONLY,
  // the replication queue: list, retry, compare now (per-image region status goes with image.read)
  "replication.manage": ADMIN_ONLY,
  // tenant
  "tenant.read": VIEW,
  "tenant.update": OWN,
  "member.read": VIEW,
  "member.manage": OWN,
  "environment.read": VIEW,
  "environment.create": OWN,
  "environment.update": OWN,
  "environment.delete": OWN,
  "host.read": VIEW,
  "host.manage": OWN,
  "app.read": VIEW,
  "app.deploy": WORK,
  "app.manage": WORK,
  "service.read": VIEW,
  "service.scale": WORK,
  // issue 11 day-2 actions: restart, stop, start one service; restart or remove one of its containers
  "service.manage": WORK,
  "container.manage": WORK,
  "container.read": VIEW,
  "container.logs": VIEW,
  "container.exec": WORK,
  "container.files": WORK,
  "container.commit": WORK,
  "image.read": VIEW,
  "image.push": WORK,
  "image.delete": OWN,
  "image.publish": WORK,
  "template.read": VIEW,
  "template.manage": WORK,
  "template.publish": WORK,
  "job.read": VIEW,
  "audit.read": OWN,
  "terminal.read": OWN,
  "quota.read": VIEW,
  "usage.read": OWN,
  // observability (issue 19): tenant metrics export, alert rules and notifications; the logging
  // target of an environment and the alert mail server are the platform's (admins only)
  "metrics.read": OWN,
  "alert.read": VIEW,
  "alert.manage": OWN,
  "logging.manage": ADMIN_ONLY,
  "metrics.platform": ADMIN_ONLY,
} as const satisfies Record<string, TenantRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: TenantRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly TenantRole[]).includes(role);
}
