import { apiRoute } from "@/lib/http";
import { listServiceContainers } from "@/lib/services";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listServiceContainers({ actor, serviceId: params.id }));
