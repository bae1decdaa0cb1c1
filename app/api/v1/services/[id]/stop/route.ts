import { apiRoute } from "@/lib/http";
import { stopService } from "@/lib/services";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => stopService({ actor, serviceId: params.id }));
