export { authorize, can, type Resource } from "./authorize";
export { tenantScope, tenantScopeSql, tenantRowScope } from "./scope";
export { PERMISSIONS, TENANT_ROLES, roleAllows, type Permission, type TenantRole } from "./permissions";
export { SYSTEM_ACTOR, tenantIdsOf, type Actor } from "./actor";
