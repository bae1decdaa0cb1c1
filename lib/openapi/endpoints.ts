// The REST contract as data: one row per operation. openapi.json is built from it, and a unit test
// checks that every route handler under app/api/v1 is listed here and every row has a handler.

export interface Endpoint {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  /** Who may call it (documentation; authorize() decides). */
  who: string;
  body?: Record<string, string>;
  status?: number;
  public?: boolean;
}

export const ENDPOINTS: Endpoint[] = [
  { method: "get", path: "/api/health", summary: "Liveness: database reachability and version", who: "anyone", public: true },
  { method: "get", path: "/api/v1/openapi.json", summary: "This description", who: "anyone", public: true },
  { method: "post", path: "/api/v1/tokens", summary: "Create a personal API token from email and password (shown once)", who: "anyone with credentials", body: { email: "string", password: "string", name: "string" }, status: 201, public: true },
  { method: "get", path: "/api/v1/tokens", summary: "The caller's active API tokens (never their secret)", who: "any user" },
  { method: "delete", path: "/api/v1/tokens/{id}", summary: "Revoke one of the caller's tokens", who: "the token's user", status: 204 },
  { method: "get", path: "/api/v1/me", summary: "The caller, its platform role and tenant memberships", who: "any user" },
  { method: "get", path: "/api/v1/users", summary: "List users (?q= filters by email or name)", who: "platform admin" },
  { method: "post", path: "/api/v1/users", summary: "Create a local user", who: "platform admin", body: { email: "string", name: "string", password: "string", platformAdmin: "boolean?" }, status: 201 },
  { method: "patch", path: "/api/v1/users/{id}", summary: "Rename, reset password, disable or (de)promote a user; revocation is immediate", who: "platform admin", body: { name: "string?", password: "string?", platformAdmin: "boolean?", disabled: "boolean?" } },
  { method: "get", path: "/api/v1/tenants", summary: "Tenants: all for admins, one's own for members", who: "any user" },
  { method: "post", path: "/api/v1/tenants", summary: "Create a tenant (optionally with its first owner)", who: "platform admin", body: { name: "string", slug: "string", ownerId: "string?" }, status: 201 },
  { method: "get", path: "/api/v1/tenants/{id}", summary: "One tenant", who: "tenant members" },
  { method: "delete", path: "/api/v1/tenants/{id}", summary: "Delete an empty tenant", who: "platform admin", status: 204 },
  { method: "get", path: "/api/v1/tenants/{id}/members", summary: "Members and roles", who: "tenant members" },
  { method: "post", path: "/api/v1/tenants/{id}/members", summary: "Add a member or change its role", who: "tenant owner, admin", body: { userId: "string?", email: "string?", role: "owner|member|viewer" }, status: 201 },
  { method: "delete", path: "/api/v1/tenants/{id}/members", summary: "Remove a member (?userId= or body { userId })", who: "tenant owner, admin", status: 204 },
  { method: "delete", path: "/api/v1/tenants/{id}/members/{userId}", summary: "Remove a member", who: "tenant owner, admin", status: 204 },
  { method: "get", path: "/api/v1/environments", summary: "Environments the caller may see (?tenantId=)", who: "tenant members" },
  { method: "post", path: "/api/v1/environments", summary: "Create an environment", who: "tenant owner", body: { tenantId: "string", name: "string", description: "string?", portRange: "{ from, to }?", publishMode: "host|ingress?", endpointMode: "dnsrr|vip?", defaults: "{ cpus, memoryMb }?" }, status: 201 },
  { method: "get", path: "/api/v1/environments/{id}", summary: "One environment", who: "tenant members" },
  { method: "patch", path: "/api/v1/environments/{id}", summary: "Edit an environment (bindAllowList: platform admins only)", who: "tenant owner", body: { name: "string?", portRange: "{ from, to }?", publishMode: "string?", endpointMode: "string?", defaults: "object?", bindAllowList: "string[]?" } },
  { method: "delete", path: "/api/v1/environments/{id}", summary: "Delete an environment without hosts or apps", who: "tenant owner", status: 204 },
  { method: "get", path: "/api/v1/environments/{id}/hosts", summary: "Hosts of an environment with status, swarm role and resources", who: "tenant members" },
  { method: "post", path: "/api/v1/environments/{id}/hosts", summary: "Add a Docker host: the first initialises the environment's swarm, later ones join it (3 hosts: 3 managers)", who: "tenant owner (unix:// and plain tcp://: platform admin)", body: { name: "string", endpoint: "unix:///path | tcp://host:port | ssh://user@host", tls: "{ ca, cert, key }?", advertiseAddr: "string?" }, status: 201 },
  { method: "get", path: "/api/v1/hosts/{id}", summary: "One host", who: "tenant members" },
  { method: "delete", path: "/api/v1/hosts/{id}", summary: "Drain the host, leave the swarm, remove the node (job)", who: "tenant owner", status: 202 },
  { method: "get", path: "/api/v1/environments/{id}/ports", summary: "The port pool's leases: port, protocol, app, service", who: "tenant members" },
  { method: "get", path: "/api/v1/environments/{id}/apps", summary: "Apps of an environment", who: "tenant members" },
  { method: "post", path: "/api/v1/environments/{id}/apps", summary: "Deploy an app from a Compose file (V1, V2, V3); header Idempotency-Key makes retries safe", who: "tenant members (not viewers)", body: { name: "string", compose: "YAML text", variables: "object?" }, status: 202 },
  { method: "get", path: "/api/v1/apps", summary: "Every app the caller may see (?environmentId=)", who: "tenant members" },
  { method: "get", path: "/api/v1/apps/{id}", summary: "An app with its services, replicas and ports", who: "tenant members" },
  { method: "delete", path: "/api/v1/apps/{id}", summary: "Delete an app: services, network, leases (job)", who: "tenant members (not viewers)", status: 202 },
  { method: "get", path: "/api/v1/apps/{id}/compose", summary: "The app as a Compose file (?revision=)", who: "tenant members" },
  { method: "put", path: "/api/v1/apps/{id}/compose", summary: "New revision from a Compose file, rolling update (job)", who: "tenant members (not viewers)", body: { compose: "YAML text", variables: "object?" }, status: 202 },
  { method: "get", path: "/api/v1/apps/{id}/revisions", summary: "The app's revisions, newest first", who: "tenant members" },
  { method: "post", path: "/api/v1/apps/{id}/rollback", summary: "Deploy an earlier revision again as a new revision (job)", who: "tenant members (not viewers)", body: { revision: "number" }, status: 202 },
  { method: "post", path: "/api/v1/apps/{id}/stop", summary: "Scale every service to 0 (job)", who: "tenant members (not viewers)", status: 202 },
  { method: "post", path: "/api/v1/apps/{id}/start", summary: "Deploy the current revision again (job)", who: "tenant members (not viewers)", status: 202 },
  { method: "get", path: "/api/v1/services/{id}", summary: "A service with desired and running replicas and ports", who: "tenant members" },
  { method: "post", path: "/api/v1/services/{id}/scale", summary: "Set the number of replicas", who: "tenant members (not viewers)", body: { replicas: "number" } },
  { method: "get", path: "/api/v1/services/{id}/events", summary: "The service's event history (scale, replicas, task errors, drift)", who: "tenant members" },
  { method: "get", path: "/api/v1/services/{id}/containers", summary: "The service's containers (swarm tasks) with host and state", who: "tenant members" },
  { method: "get", path: "/api/v1/containers/{id}", summary: "A container: service, slot, host, state and an inspect summary (image, user, command, env keys without values, ports, mounts, networks)", who: "tenant members" },
  { method: "get", path: "/api/v1/containers/{id}/logs", summary: "Recent log lines (?tail=200|all&since=unix|ISO|10m&format=text|json); text/plain or JSON lines. Follow live over the /logs namespace", who: "tenant members (viewers too)" },
  { method: "get", path: "/api/v1/services/{id}/logs", summary: "Recent log lines of every running replica merged by time, each named [slot@host] (?tail=&since=&format=text|json). Follow over /logs with { serviceId }", who: "tenant members (viewers too)" },
  { method: "get", path: "/api/v1/containers/{id}/stats", summary: "Latest stats sample and history (?window=5m|15m|1h|6h|24h): cpu %, memory, network rx/tx, block read/write", who: "tenant members" },
  { method: "get", path: "/api/v1/services/{id}/stats", summary: "The service's replicas summed per sampling round (?window=5m|15m|1h|6h|24h): cpu %, memory, network and block byte counters", who: "tenant members" },
  { method: "get", path: "/api/v1/containers/{id}/files", summary: "?path=<file>: its bytes as a download; ?path=<dir>&list=1: a JSON listing; a directory (or ?tar=1): an uncompressed tar", who: "tenant members (not viewers)" },
  { method: "put", path: "/api/v1/containers/{id}/files", summary: "Upload into directory ?path=: body an uncompressed tar (entries confined, no links), or one file with ?name= and Content-Length; limit CAAS_UPLOAD_MAX_BYTES (100 MiB)", who: "tenant members (not viewers)" },
  { method: "get", path: "/api/v1/terminal-sessions", summary: "Web terminal sessions of a tenant (?tenantId=&containerId=&limit=&cursor=): who, container, host, start, end, bytes, exit code, end reason", who: "tenant owners, admin" },
  { method: "get", path: "/api/v1/environments/{id}/host-stats", summary: "Per host: running containers and the sum of their latest cpu % and memory samples", who: "tenant members" },
  { method: "get", path: "/api/v1/jobs/{id}", summary: "A long operation's status and progress", who: "tenant members of the job's tenant" },
  { method: "get", path: "/api/v1/audit", summary: "Audit events (?tenantId=&action=&actor=&result=&limit=&cursor=)", who: "tenant owners (own tenants), admin" },
  { method: "get", path: "/api/registry/token", summary: "Docker registry token endpoint (token spec): Basic email+password or API token; ?service=&scope=repository:<name>:pull,push; granted = requested ∩ allowed", who: "anyone with credentials", public: true },
  { method: "post", path: "/api/registry/events", summary: "Registry notifications (push/delete) keep the image index current; shared-secret Authorization", who: "the registry", public: true },
  { method: "get", path: "/api/v1/registry", summary: "Where the registry is ({ url }) and the caller's personal namespace", who: "any user" },
  { method: "get", path: "/api/v1/images", summary: "Images the caller may pull (?scope=official|tenant|personal|market&q=&tenantId=)", who: "any user" },
  { method: "post", path: "/api/v1/images/import", summary: "Import an official image: the body is a `docker save` tar (?name=&tag=), pushed into official/<name>", who: "platform admin", status: 201 },
  { method: "get", path: "/api/v1/images/{id}", summary: "One image", who: "who may pull it" },
  { method: "delete", path: "/api/v1/images/{id}", summary: "Delete an image (its manifest in the registry too)", who: "tenant owners, the user (personal), admins (official, market)", status: 204 },
  { method: "post", path: "/api/v1/images/{id}/publish", summary: "Ask to publish this digest to the marketplace", who: "tenant members (not viewers); personal: the user", body: { description: "string", tenantId: "string?" }, status: 201 },
  { method: "post", path: "/api/v1/images/{id}/deploy", summary: "Deploy a marketplace/official image as an app (pinned by digest, one pool port if exposed)", who: "tenant members (not viewers)", body: { environmentId: "string", name: "string" }, status: 202 },
  { method: "get", path: "/api/v1/publish-requests", summary: "Publish requests (?status=): admins all, others their tenants' and their own", who: "any user" },
  { method: "get", path: "/api/v1/publish-requests/{id}", summary: "A publish request with the image's size, layers, history", who: "admins, the tenant's members" },
  { method: "post", path: "/api/v1/publish-requests/{id}/approve", summary: "Copy the pinned digest into market/<name>", who: "platform admin" },
  { method: "post", path: "/api/v1/publish-requests/{id}/reject", summary: "Reject with a reason", who: "platform admin", body: { reason: "string" } },
  { method: "post", path: "/api/v1/containers/{id}/commit", summary: "Commit a running container into the caller's personal repository and push it (job)", who: "tenant members (not viewers)", body: { repository: "string", tag: "string?", message: "string?" }, status: 202 },
];