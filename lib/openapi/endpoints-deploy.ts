// OpenAPI rows of the deploy state machine (issue 12).
import type { Endpoint } from "./endpoints";

export const DEPLOY_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/apps/{id}/deploy",
    summary: "The app's latest deploy (or ?jobId=): phase, steps with timings, task states per service, failure (code, message, key, details)",
    who: "tenant members",
  },
  {
    method: "post",
    path: "/api/v1/apps/{id}/cancel",
    summary: "Cancel the deploy in progress: the previous revision is restored (or a first deploy removed); the job ends as cancelled",
    who: "tenant members (not viewers)",
    status: 202,
  },
];
