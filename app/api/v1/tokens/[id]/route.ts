import { apiRoute, noContent } from "@/lib/http";
import { revokeToken } from "@/lib/tokens";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await revokeToken({ actor, tokenId: params.id });
  return noContent();
});
