import { accepted, apiRoute, bodyWithIdempotencyKey } from "@/lib/http";
import { deployTemplate } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await deployTemplate({ actor: ctx.actor, templateId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
