import { apiRoute } from "@/lib/http";
import { getPublishRequest } from "@/lib/images";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getPublishRequest({ actor, requestId: params.id }));
