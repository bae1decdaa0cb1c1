import { apiRoute } from "@/lib/http";
import { getService } from "@/lib/services";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getService({ actor, serviceId: params.id }));
