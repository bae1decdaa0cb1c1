import { accepted, apiRoute } from "@/lib/http";
import { cancelDeploy } from "@/lib/apps";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => accepted(await cancelDeploy({ actor, appId: params.id })));
