import { apiRoute, noContent } from "@/lib/http";
import { deleteEnvironment, getEnvironment, updateEnvironment } from "@/lib/environments";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getEnvironment({ actor, environmentId: params.id }));
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateEnvironment({ actor, environmentId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteEnvironment({ actor, environmentId: params.id });
  return noContent();
});
