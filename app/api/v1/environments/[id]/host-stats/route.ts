import { apiRoute } from "@/lib/http";
import { getHostTotals } from "@/lib/stats";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getHostTotals({ actor, environmentId: params.id }));
