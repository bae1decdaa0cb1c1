import { accepted, apiRoute, bodyWithIdempotencyKey } from "@/lib/http";
import { commitContainer } from "@/lib/images";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await commitContainer({ actor: ctx.actor, containerId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
