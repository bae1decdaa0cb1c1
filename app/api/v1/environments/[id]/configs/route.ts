import { apiRoute, created } from "@/lib/http";
import { createPortalSecret, listPortalSecrets } from "@/lib/secrets";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listPortalSecrets({ actor, environmentId: params.id, kind: "config" }));
export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await createPortalSecret({ actor, environmentId: params.id, kind: "config", input: await body() })),
);
