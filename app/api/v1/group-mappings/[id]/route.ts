import { apiRoute, noContent } from "@/lib/http";
import { deleteGroupMapping } from "@/lib/identity/mappings";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteGroupMapping({ actor, mappingId: params.id });
  return noContent();
});
