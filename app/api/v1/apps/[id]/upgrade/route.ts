import { accepted, apiRoute, bodyWithIdempotencyKey } from "@/lib/http";
import { getAppTemplate, upgradeApp } from "@/lib/templates";

export const dynamic = "force-dynamic";

/** The app's template, running version, available upgrades; with ?version= the upgrade's preview. */
export const GET = apiRoute<{ id: string }>(async ({ actor, params, query }) => getAppTemplate({ actor, appId: params.id, version: query.version }));
export const POST = apiRoute<{ id: string }>(async (ctx) =>
  accepted(await upgradeApp({ actor: ctx.actor, appId: ctx.params.id, input: await bodyWithIdempotencyKey(ctx) })),
);
