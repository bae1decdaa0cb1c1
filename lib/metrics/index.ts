export { renderPortalMetrics, portalMetricsText, loadPortalSnapshot, PROMETHEUS_CONTENT_TYPE, type PortalSnapshot } from "./portal-metrics";
export { renderTenantMetrics, tenantMetricsText, loadTenantSnapshot, MAX_CONTAINER_SERIES, type TenantSnapshot } from "./tenant-metrics";
export { countRequest, requestCounts, pathClass } from "./request-counter";
