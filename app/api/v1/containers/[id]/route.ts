import { apiRoute } from "@/lib/http";
import { getContainer } from "@/lib/containers";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getContainer({ actor, containerId: params.id }));
