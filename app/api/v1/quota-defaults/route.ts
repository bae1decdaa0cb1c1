import { apiRoute } from "@/lib/http";
import { getDefaultQuota, setDefaultQuota } from "@/lib/quotas";

export const GET = apiRoute(({ actor }) => getDefaultQuota({ actor }));
export const PUT = apiRoute(async ({ actor, body }) => setDefaultQuota({ actor, input: await body() }));
