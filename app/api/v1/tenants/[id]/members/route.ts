import { apiRoute, created, noContent } from "@/lib/http";
import { addMember, listMembers, removeMember } from "@/lib/tenants";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listMembers({ actor, tenantId: params.id }));
export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => created(await addMember({ actor, tenantId: params.id, input: await body() })));
/** DELETE with `?userId=` or a body `{ userId }` (the contract's form); `/members/{userId}` also works. */
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params, body, query }) => {
  const userId = query.userId ?? ((await body()) as { userId?: unknown }).userId;
  await removeMember({ actor, tenantId: params.id, userId });
  return noContent();
});
