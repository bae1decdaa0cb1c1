import { accepted, apiRoute, bodyWithIdempotencyKey } from "@/lib/http";
import { deployMarketImage } from "@/lib/images";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await deployMarketImage({ actor: ctx.actor, imageId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
