import { accepted, apiRoute } from "@/lib/http";
import { updateServiceImage } from "@/lib/services";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  accepted(await updateServiceImage({ actor, serviceId: params.id, input: await body() })),
);
