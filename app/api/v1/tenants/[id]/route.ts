import { apiRoute, noContent } from "@/lib/http";
import { deleteTenant, getTenant } from "@/lib/tenants";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getTenant({ actor, tenantId: params.id }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteTenant({ actor, tenantId: params.id });
  return noContent();
});
