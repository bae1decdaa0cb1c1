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
];
