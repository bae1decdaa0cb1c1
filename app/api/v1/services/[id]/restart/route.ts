import { apiRoute } from "@/lib/http";
import { restartService } from "@/lib/services";

export const POST = apiRoute<{ id: string }>(({ actor, params }) => restartService({ actor, serviceId: params.id }));
