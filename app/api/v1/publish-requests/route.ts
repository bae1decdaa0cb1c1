import { apiRoute } from "@/lib/http";
import { listPublishRequests } from "@/lib/images";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, query }) => listPublishRequests({ actor, status: query.status }));
