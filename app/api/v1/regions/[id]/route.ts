import { apiRoute, noContent } from "@/lib/http";
import { deleteRegion, getRegion, updateRegion } from "@/lib/regions";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getRegion({ actor, regionId: params.id }));
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateRegion({ actor, regionId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteRegion({ actor, regionId: params.id });
  return noContent();
});
