import { apiRoute } from "@/lib/http";
import { listNotifications } from "@/lib/alerts";

export const GET = apiRoute(async ({ actor, query }) => listNotifications({ actor, query }));
