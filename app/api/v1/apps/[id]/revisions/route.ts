import { apiRoute } from "@/lib/http";
import { listRevisions } from "@/lib/apps";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listRevisions({ actor, appId: params.id }));
