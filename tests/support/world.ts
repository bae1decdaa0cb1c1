// Builds two tenants with an owner, a member and a viewer each, through the REST API as the admin.
import { ApiClient, tokenClient, unique } from "./api-client";

export interface TenantWorld {
  id: string;
  slug: string;
  users: Record<"owner" | "member" | "viewer", { id: string; email: string; password: string; api: ApiClient }>;
}

export async function buildTenant(baseUrl: string, admin: ApiClient, label: string): Promise<TenantWorld> {
  const slug = unique(label).toLowerCase();
  const t = await admin.post("/api/v1/tenants", { name: `Tenant ${label}`, slug });
  if (t.status !== 201) throw new Error(`create tenant: ${t.status} ${JSON.stringify(t.body)}`);
  const users = {} as TenantWorld["users"];
  for (const role of ["owner", "member", "viewer"] as const) {
    const email = `${unique(`${label}-${role}`)}@example.test`.toLowerCase();
    const password = "password-" + role;
    const u = await admin.post("/api/v1/users", { email, name: `${label} ${role}`, password });
    if (u.status !== 201) throw new Error(`create user: ${u.status} ${JSON.stringify(u.body)}`);
    const m = await admin.post(`/api/v1/tenants/${t.body.id}/members`, { userId: u.body.id, role });
    if (m.status !== 201) throw new Error(`add member: ${m.status} ${JSON.stringify(m.body)}`);
    users[role] = { id: u.body.id, email, password, api: await tokenClient(baseUrl, email, password) };
  }
  return { id: t.body.id, slug, users };
}
