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
  { method: "get", path: "/api/v1/jobs/{id}", summary: "A long operation's status and progress", who: "tenant members of the job's tenant" },
  { method: "get", path: "/api/v1/audit", summary: "Audit events (?tenantId=&action=&actor=&result=&limit=&cursor=)", who: "tenant owners (own tenants), admin" },
];
