export { createTenant } from "./create-tenant";
export { listTenants } from "./list-tenants";
export { getTenant } from "./get-tenant";
export { deleteTenant } from "./delete-tenant";
export { listMembers, addMember, removeMember, removeMemberOrInvitation, revokeInvitation } from "./members";
export { acceptInvitations } from "./invitations";
export type { TenantDto, MemberDto, InvitationDto, InvitedDto } from "./tenant-dto";
