import { apiRoute } from "@/lib/http";
import { rejectPublishRequest } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => rejectPublishRequest({ actor, requestId: params.id, input: await body() }));
