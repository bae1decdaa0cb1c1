import { apiRoute } from "@/lib/http";
import { listHostMetrics } from "@/lib/hosts";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => listHostMetrics({ actor, hostId: params.id, query }));
