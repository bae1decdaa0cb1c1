import { apiRoute } from "@/lib/http";
import { listPortLeases } from "@/lib/ports/list-ports";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listPortLeases({ actor, environmentId: params.id }));
