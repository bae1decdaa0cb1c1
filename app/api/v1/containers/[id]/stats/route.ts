import { apiRoute } from "@/lib/http";
import { getContainerStats } from "@/lib/stats";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => getContainerStats({ actor, containerId: params.id, query }));
