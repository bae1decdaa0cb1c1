import { apiRoute, created } from "@/lib/http";
import { requestPublish } from "@/lib/images";

export const dynamic = "force-dynamic";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await requestPublish({ actor, imageId: params.id, input: await body() })),
);
