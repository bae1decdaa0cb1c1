import { apiRoute, noContent } from "@/lib/http";
import { deleteIdentityProvider, getIdentityProvider, updateIdentityProvider } from "@/lib/identity/providers";

export const GET = apiRoute<{ id: string }>(({ actor, params }) => getIdentityProvider({ actor, providerId: params.id }));
export const PATCH = apiRoute<{ id: string }>(async ({ actor, params, body }) => updateIdentityProvider({ actor, providerId: params.id, input: await body() }));
export const DELETE = apiRoute<{ id: string }>(async ({ actor, params }) => {
  await deleteIdentityProvider({ actor, providerId: params.id });
  return noContent();
});
