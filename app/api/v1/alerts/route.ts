import { apiRoute } from "@/lib/http";
import { listAlerts } from "@/lib/alerts";

export const GET = apiRoute(async ({ actor, query }) => listAlerts({ actor, query }));
