import { apiRoute } from "@/lib/http";
import { testIdentityProvider } from "@/lib/identity/test-connection";

export const POST = apiRoute<{ id: string }>(async ({ actor, params, body }) => testIdentityProvider({ actor, providerId: params.id, input: await body() }));
