import { apiRoute } from "@/lib/http";
import { getQuota, setQuota } from "@/lib/quotas";

export const GET = apiRoute<{ id: string }>(({ actor, params, query }) => getQuota({ actor, tenantId: params.id, query }));
export const PUT = apiRoute<{ id: string }>(async ({ actor, params, query, body }) => setQuota({ actor, tenantId: params.id, query, input: await body() }));
