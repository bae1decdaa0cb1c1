export interface TenantDto {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  /** The caller's role in it (absent for admins who are not members). */
  role?: string;
}

export interface MemberDto {
  userId: string;
  email: string;
  name: string;
  role: string;
  status: "active";
  createdAt: string;
}

/** A pending invitation by email (lib/tenants/invitations.ts); listed to those who manage members. */
export interface InvitationDto {
  email: string;
  role: string;
  status: "invited";
  createdAt: string;
  /** Email of the inviter (null once that account is gone). */
  invitedBy: string | null;
}

/** The answer to "add by email" when no membership was changed: the same whether or not an account
 * with that email exists (no timestamp, no id, nothing that differs). */
export interface InvitedDto {
  email: string;
  role: string;
  status: "invited";
}
