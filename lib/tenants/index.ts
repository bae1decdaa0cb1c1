export { createTenant } from "./create-tenant";
export { listTenants } from "./list-tenants";
export { getTenant } from "./get-tenant";
export { deleteTenant } from "./delete-tenant";
export { listMembers, addMember, removeMember } from "./members";
export type { TenantDto, MemberDto } from "./tenant-dto";
