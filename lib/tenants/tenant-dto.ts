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
  createdAt: string;
}
