import { apiRoute } from "@/lib/http";
import { getServiceStats } from "@/lib/stats";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => getServiceStats({ actor, serviceId: params.id, query }));
