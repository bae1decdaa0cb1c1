import { apiRoute } from "@/lib/http";
import { validateApp } from "@/lib/apps";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => validateApp({ actor, environmentId: params.id, input: await body() }));
