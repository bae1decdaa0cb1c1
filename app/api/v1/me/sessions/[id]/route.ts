import { apiRoute, noContent } from "@/lib/http";
import { revokeMySession } from "@/lib/users";

export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await revokeMySession({ actor, sessionId: params.id });
  return noContent();
});
