import { apiRoute, noContent } from "@/lib/http";
import { clearEnvironmentLogging, getEnvironmentLogging, setEnvironmentLogging } from "@/lib/logging";

export const GET = apiRoute<{ id: string }>(async ({ actor, params }) => getEnvironmentLogging({ actor, environmentId: params.id }));
export const PUT = apiRoute<{ id: string }>(async ({ actor, params, body }) => setEnvironmentLogging({ actor, environmentId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await clearEnvironmentLogging({ actor, environmentId: params.id });
  return noContent();
});
