// An environment's volumes, networks and images (issue 11 day-2). Only objects the portal created
// for the environment (its labels, the caller's tenant) are listed or touched.
import type { Endpoint } from "./endpoints";

export const RESOURCES_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/environments/{id}/volumes",
    summary:
      "The portal's named volumes of the environment, per host (a swarm volume is local to each host), each with the app that created it (null: gone) and what uses it (usedBy: app, service, container); unreachableHosts names the hosts that did not answer",
    who: "tenant members and viewers",
  },
  {
    method: "delete",
    path: "/api/v1/environments/{id}/volumes/{name}",
    summary: "Remove an unused volume (?hostId= one host's copy; default every host's); 409 naming what uses it while anything does",
    who: "tenant members (not viewers)",
  },
  {
    method: "post",
    path: "/api/v1/environments/{id}/volumes/prune",
    summary: "Remove every unused portal volume of the environment; answers removed and the ones left because they are in use",
    who: "tenant members (not viewers)",
  },
  {
    method: "get",
    path: "/api/v1/environments/{id}/networks",
    summary: "The portal's overlay networks of the environment, each with its app (null: gone) and the services or containers attached to it",
    who: "tenant members and viewers",
  },
  {
    method: "delete",
    path: "/api/v1/environments/{id}/networks/{name}",
    summary: "Remove an unused network; 409 naming the services that use it otherwise",
    who: "tenant members (not viewers)",
  },
  {
    method: "post",
    path: "/api/v1/environments/{id}/networks/prune",
    summary: "Remove every unused portal network of the environment; answers removed and the ones in use",
    who: "tenant members (not viewers)",
  },
  {
    method: "post",
    path: "/api/v1/environments/{id}/images/pull",
    summary:
      "Pull an image on the environment's hosts (all, or hostIds) as a job: the job's result lists each host's state (pending, pulling with layers done, done, failed with a reason), pushed live on the events socket; images of the portal's registry are pulled with the tenant's deploy credential",
    who: "tenant owner (dedicated environment); platform admins (shared)",
    body: { image: "string", hostIds: "string[]?" },
    status: 202,
  },
  {
    method: "post",
    path: "/api/v1/environments/{id}/images/prune",
    summary:
      "Remove unused images on every host: dangling layers and the portal registry's images no container (running or stopped) uses; answers per host the images deleted and the bytes reclaimed",
    who: "tenant owner (dedicated environment); platform admins (shared)",
  },
];
