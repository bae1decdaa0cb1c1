import { apiRoute } from "@/lib/http";
import { syncIdentityProvider } from "@/lib/identity/sync";

export const POST = apiRoute<{ id: string }>(async ({ actor, params }) => syncIdentityProvider({ actor, providerId: params.id }));
