import { accepted, apiRoute } from "@/lib/http";
import { rollbackApp } from "@/lib/apps";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => accepted(await rollbackApp({ actor, appId: params.id, input: await body() })));
