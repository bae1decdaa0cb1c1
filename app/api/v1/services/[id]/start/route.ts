import { apiRoute } from "@/lib/http";
import { startService } from "@/lib/services";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => startService({ actor, serviceId: params.id }));
