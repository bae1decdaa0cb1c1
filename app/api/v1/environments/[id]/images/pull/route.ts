import { accepted, apiRoute } from "@/lib/http";
import { pullImageOnHosts } from "@/lib/resources";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  accepted(await pullImageOnHosts({ actor, environmentId: params.id, input: await body() })),
);
