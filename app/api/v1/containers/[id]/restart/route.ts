import { apiRoute } from "@/lib/http";
import { restartContainer } from "@/lib/containers";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => restartContainer({ actor, containerId: params.id }));
