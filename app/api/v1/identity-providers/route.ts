import { apiRoute, created } from "@/lib/http";
import { createIdentityProvider, listIdentityProviders } from "@/lib/identity/providers";

export const GET = apiRoute(({ actor }) => listIdentityProviders({ actor }));
export const POST = apiRoute(async ({ actor, body }) => created(await createIdentityProvider({ actor, input: await body() })));
