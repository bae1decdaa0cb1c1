import { apiRoute } from "@/lib/http";
import { getPublishQueueItem } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getPublishQueueItem({ actor, requestId: params.id }));
