import { accepted, apiRoute, bodyWithIdempotencyKey } from "@/lib/http";
import { createApp, listApps } from "@/lib/apps";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => listApps({ actor, environmentId: params.id, query }));
export const POST = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await createApp({ actor: ctx.actor, environmentId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
