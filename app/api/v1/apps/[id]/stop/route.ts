import { accepted, apiRoute } from "@/lib/http";
import { stopApp } from "@/lib/apps";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await stopApp({ actor, appId: params.id })));
