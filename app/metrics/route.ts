// The portal's own metrics for Prometheus-format scrapers (platform admins' API tokens).
import { apiRoute, text } from "@/lib/http";
import { PROMETHEUS_CONTENT_TYPE, renderPortalMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async ({ actor }) => text(await renderPortalMetrics({ actor }), PROMETHEUS_CONTENT_TYPE));
