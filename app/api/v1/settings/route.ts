import { apiRoute } from "@/lib/http";
import { getPlatformSettings, updatePlatformSettings } from "@/lib/settings";

export const GET = apiRoute(({ actor }) => getPlatformSettings({ actor }));
export const PUT = apiRoute(async ({ actor, body }) => updatePlatformSettings({ actor, input: await body() }));
