import { apiRoute } from "@/lib/http";
import { getDeploy } from "@/lib/apps";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => getDeploy({ actor, appId: params.id, input: query }));
