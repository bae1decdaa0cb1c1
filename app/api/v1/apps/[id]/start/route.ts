import { accepted, apiRoute } from "@/lib/http";
import { startApp } from "@/lib/apps";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await startApp({ actor, appId: params.id })));
