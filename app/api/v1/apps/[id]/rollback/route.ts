import { accepted, apiRoute, bodyWithIdempotencyKey } from "@/lib/http";
import { rollbackApp } from "@/lib/apps";

export const POST = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await rollbackApp({ actor: ctx.actor, appId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
