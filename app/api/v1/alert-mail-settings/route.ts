import { apiRoute } from "@/lib/http";
import { getMailSettings, setMailSettings } from "@/lib/alerts";

export const GET = apiRoute(async ({ actor }) => ({ settings: await getMailSettings({ actor }) }));
export const PUT = apiRoute(async ({ actor, body }) => ({ settings: await setMailSettings({ actor, input: await body() }) }));
