// Issue 16: shared environments, quotas, usage and cost.
import type { Endpoint } from "./endpoints";

export const QUOTA_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/tenants/{id}/quota",
    summary:
      "The tenant's quota and current use (CPU and memory = service limits × desired replicas; services, replicas, published ports, volumes); ?environmentId= for one environment's",
    who: "tenant members, admin",
  },
  {
    method: "put",
    path: "/api/v1/tenants/{id}/quota",
    summary:
      "Set the tenant's quota (null = no limit; omitted = unchanged); ?environmentId= for one environment's. Deploys, scales and rollbacks beyond it answer 409 naming the quota, use, request and limit",
    who: "admin",
    body: {
      cpus: "number|null?",
      memoryMb: "integer|null?",
      services: "integer|null?",
      replicas: "integer|null?",
      ports: "integer|null?",
      volumes: "integer|null?",
    },
  },
  { method: "get", path: "/api/v1/quota-defaults", summary: "The quota of tenants without their own", who: "admin" },
  {
    method: "put",
    path: "/api/v1/quota-defaults",
    summary: "Set the quota of tenants without their own (new tenants start from it)",
    who: "admin",
    body: {
      cpus: "number|null?",
      memoryMb: "integer|null?",
      services: "integer|null?",
      replicas: "integer|null?",
      ports: "integer|null?",
      volumes: "integer|null?",
    },
  },
  {
    method: "get",
    path: "/api/v1/usage",
    summary:
      "Usage per tenant from the stats history and desired state: CPU-hours and memory GB-hours used and reserved, network and block I/O, cost from the price table (?tenantId=&from=&to=&groupBy=day|app|environment; Accept: text/csv or ?format=csv for CSV)",
    who: "tenant owners (own tenant), admin",
  },
  {
    method: "get",
    path: "/api/v1/prices",
    summary: "The price table: per CPU-hour and memory GB-hour, per environment kind (shared, dedicated)",
    who: "any user",
  },
  {
    method: "put",
    path: "/api/v1/prices",
    summary: "Set prices",
    who: "admin",
    body: { items: "[{ kind: shared|dedicated, cpuHour: number, memoryGbHour: number, currency?: ISO 4217 }]" },
  },
];
