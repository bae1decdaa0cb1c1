import { apiRoute } from "@/lib/http";
import { approvePublishRequest } from "@/lib/templates";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => approvePublishRequest({ actor, requestId: params.id }));
