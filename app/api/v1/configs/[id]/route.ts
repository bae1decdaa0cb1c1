import { apiRoute, noContent } from "@/lib/http";
import { deletePortalSecret, updatePortalSecret } from "@/lib/secrets";

export const PUT = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  updatePortalSecret({ actor, secretId: params.id, kind: "config", input: await body() }),
);
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deletePortalSecret({ actor, secretId: params.id, kind: "config" });
  return noContent();
});
