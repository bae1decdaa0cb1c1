import { apiRoute } from "@/lib/http";
import { getContainer, removeContainer } from "@/lib/containers";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getContainer({ actor, containerId: params.id }));
export const DELETE = apiRoute<{ id: string }>(({ actor, params }) => removeContainer({ actor, containerId: params.id }));
