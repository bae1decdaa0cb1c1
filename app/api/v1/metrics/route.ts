// A tenant's container metrics in the Prometheus text format (?tenantId=; admins: all tenants without it).
import { apiRoute, text } from "@/lib/http";
import { PROMETHEUS_CONTENT_TYPE, renderTenantMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor, query }) => text(await renderTenantMetrics({ actor, query }), PROMETHEUS_CONTENT_TYPE));
