import { accepted, apiRoute, created, noContent } from "@/lib/http";
import { addMember, listMembers, removeMemberOrInvitation } from "@/lib/tenants";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listMembers({ actor, tenantId: params.id }));
/** 201 with the membership, or 202 `{ email, role, status: "invited" }` (see lib/tenants/members.ts). */
export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => {
  const r = await addMember({ actor, tenantId: params.id, input: await body() });
  return r.status === "invited" ? accepted(r) : created(r);
});
/** DELETE with `?userId=` or a body `{ userId }` removes a member (the contract's form; `/members/{userId}`
 * also works); `?email=` or `{ email }` withdraws a pending invitation. */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params, body, query }) => {
  const fromQuery = { ...(query.userId ? { userId: query.userId } : {}), ...(query.email ? { email: query.email } : {}) };
  await removeMemberOrInvitation({ actor, tenantId: params.id, input: Object.keys(fromQuery).length ? fromQuery : await body() });
  return noContent();
});
