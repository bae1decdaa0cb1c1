import { apiRoute } from "@/lib/http";
import { listApps } from "@/lib/apps";

export const GET = apiRoute(({ actor, query }) => listApps({ actor, query }));
