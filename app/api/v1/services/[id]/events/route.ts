import { apiRoute } from "@/lib/http";
import { listServiceEvents } from "@/lib/services";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => listServiceEvents({ actor, serviceId: params.id, query }));
