import { apiRoute } from "@/lib/http";
import { getIdentitySettings, updateIdentitySettings } from "@/lib/identity/settings";

export const GET = apiRoute(({ actor }) => getIdentitySettings({ actor }));
export const PUT = apiRoute(async ({ actor, body }) => updateIdentitySettings({ actor, input: await body() }));
