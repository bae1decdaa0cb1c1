// The console's endpoints (issue 11): the dashboard and the day-2 actions.
import type { Endpoint } from "./endpoints";

export const CONSOLE_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/dashboard",
    summary:
      "The caller's dashboard (?tenantId= to narrow it): per environment host health, capacity and use, apps needing a look (failed, converging, stale: stale names why — hostLost, noManager, notObserved), recent deploys and service events, and for platform admins the pending publish requests",
    who: "any user (their tenants; admins: all)",
  },
  {
    method: "post",
    path: "/api/v1/services/{id}/restart",
    summary: "Restart a service: swarm replaces every task (force update); also spreads tasks again after a host returned",
    who: "tenant members (not viewers)",
  },
  {
    method: "post",
    path: "/api/v1/services/{id}/stop",
    summary: "Stop one service (scale to 0, remembering its replicas)",
    who: "tenant members (not viewers)",
  },
  { method: "post", path: "/api/v1/services/{id}/start", summary: "Start a stopped service with the replicas it had", who: "tenant members (not viewers)" },
  {
    method: "post",
    path: "/api/v1/services/{id}/image",
    summary:
      "Update the service's image tag: a new app revision differing only in this image, deployed as a job; previousRevision is what POST /apps/{id}/rollback returns to",
    who: "tenant members (not viewers)",
    body: { tag: "string" },
    status: 202,
  },
  {
    method: "post",
    path: "/api/v1/containers/{id}/restart",
    summary: "Restart one container (task) in place on its host",
    who: "tenant members (not viewers)",
  },
  {
    method: "delete",
    path: "/api/v1/containers/{id}",
    summary: "Remove one container (task) from its host; swarm starts a replacement",
    who: "tenant members (not viewers)",
  },
  {
    method: "post",
    path: "/api/v1/hosts/{id}/availability",
    summary: "Drain a host (swarm moves its tasks away and schedules nothing new there) or make it active again; tasks move back only when a service restarts",
    who: "tenant owner",
    body: { availability: "active | drain" },
  },
];
