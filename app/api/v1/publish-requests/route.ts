import { apiRoute } from "@/lib/http";
import { listPublishQueue } from "@/lib/templates";

export const dynamic = "force-dynamic";

/** Image and template publish requests, newest first: `{ items }`. */
export const GET = apiRoute(async ({ actor, query }) => listPublishQueue({ actor, status: query.status }));
