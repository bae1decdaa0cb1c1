import { apiRoute } from "@/lib/http";
import { getMyPreferences, updateMyPreferences } from "@/lib/users";

/** The caller's own language and time zone (null = follow the browser). */
export const GET = apiRoute(({ actor }) => getMyPreferences({ actor }));
export const PUT = apiRoute(async ({ actor, body }) => updateMyPreferences({ actor, input: await body() }));
