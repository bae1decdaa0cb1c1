import { apiRoute } from "@/lib/http";
import { rejectPublish } from "@/lib/images";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => rejectPublish({ actor, requestId: params.id, input: await body() }));
