import { apiRoute, noContent } from "@/lib/http";
import { removeMember } from "@/lib/tenants";

export const DELETE = apiRoute<{ id: string; userId: string }>(async ({ actor, params }) => {
  await removeMember({ actor, tenantId: params.id, userId: params.userId });
  return noContent();
});
