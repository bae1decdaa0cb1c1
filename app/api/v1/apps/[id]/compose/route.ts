import { accepted, apiRoute, bodyWithIdempotencyKey, text } from "@/lib/http";
import { exportAppCompose, redeployApp } from "@/lib/apps";

export const GET = apiRoute<{ id: string }>(async ({ actor, params, query }) =>
  text(await exportAppCompose({ actor, appId: params.id, revision: query.revision }), "text/yaml; charset=utf-8"),
);
export const PUT = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await redeployApp({ actor: ctx.actor, appId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
