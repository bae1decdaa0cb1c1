import { apiRoute } from "@/lib/http";
import { approvePublish } from "@/lib/images";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => approvePublish({ actor, requestId: params.id }));
