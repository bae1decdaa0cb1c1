import { apiRoute } from "@/lib/http";
import { scaleService } from "@/lib/services";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => scaleService({ actor, serviceId: params.id, input: await body() }));
