import { apiRoute, created } from "@/lib/http";
import { createRegistrationToken, listRegistrationTokens } from "@/lib/hostreg";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => listRegistrationTokens({ actor, environmentId: params.id }));
export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) =>
  created(await createRegistrationToken({ actor, environmentId: params.id, input: await body() })),
);
