// Issue 17: regions (a registry per data center). Environments take `regionId` (endpoints.ts).
import type { Endpoint } from "./endpoints";

const REGISTRY =
  "{ url, username?, password? }: url the http(s)://host[:port] of a Distribution registry; username and password (together) for a registry with its own auth, the password write-only (sealed at rest, never answered)";

const UPSTREAM_FIELDS = {
  registry:
    "{ url, username?, password? }: the upstream's http(s)://host[:port]; username and password together for an upstream with its own auth, the password write-only (sealed, never answered)",
  repositories:
    "[{ repository (on the upstream, e.g. library/nginx), target (official/<target> here), tagPatterns?: globs over tags (*, ?, {a,b}, !exclusion; none = every tag) }], 1 to 50, targets unique",
  scheduleMinutes: "number 5..10080 | null (null = on demand only)",
};

export const REGION_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/regions",
    summary:
      "Regions, the default first: { items: [{ id, name, displayName, isDefault }] }; platform admins also get registry: { url (null = the embedded registry), username, hasPassword } and environmentCount, never the password",
    who: "any signed-in user",
  },
  {
    method: "post",
    path: "/api/v1/regions",
    summary: "Create a region with its own registry (audited)",
    who: "platform admin",
    body: { name: "string (slug, unique)", displayName: "string", registry: REGISTRY },
    status: 201,
  },
  { method: "get", path: "/api/v1/regions/{id}", summary: "One region (registry details for platform admins only)", who: "any signed-in user" },
  {
    method: "patch",
    path: "/api/v1/regions/{id}",
    summary:
      "Edit a region: display name, registry address, credentials (registry.username: null removes them; an omitted password keeps the stored one). The default region takes no registry: it is the portal's embedded one",
    who: "platform admin",
    body: { displayName: "string?", registry: "{ url?, username?: string|null, password? }? (the default region takes none)" },
  },
  {
    method: "delete",
    path: "/api/v1/regions/{id}",
    summary: "Delete a region; 409 for the default region and for a region environments use",
    who: "platform admin",
    status: 204,
  },
  {
    method: "get",
    path: "/api/v1/replication/tasks",
    summary:
      "The replication queue between regions, newest first: { items: [{ id, repository, reference (tag, or digest of a delete), action: copy|delete, digest, source, target: { id, name, displayName }, status: queued|copying|done|failed, attempts, maxAttempts, nextAttemptAt, error (stored text), cause: push|delete|approval|compare|retry, lagMs, queuedAt, finishedAt, updatedAt }], counts: { queued, copying, done, failed } }; query status, regionId (target), repository, limit (≤ 500)",
    who: "platform admin",
  },
  {
    method: "post",
    path: "/api/v1/replication/tasks/{id}/retry",
    summary: "Queue a failed (or finished) copy again now, attempts from zero (audited); 409 while it is queued or running",
    who: "platform admin",
  },
  {
    method: "post",
    path: "/api/v1/replication/compare",
    summary:
      "Compare every image of the index with every region that should hold it now (it also runs every CAAS_REPLICATION_COMPARE_MS) and queue what is absent or at another digest: { queued } (audited)",
    who: "platform admin",
  },
  {
    method: "get",
    path: "/api/v1/images/{id}/regions",
    summary:
      "Where one image tag is, per region: { items: [{ region: { id, name, displayName, isDefault }, status: present|copying|failed|missing, error, attempts, nextAttemptAt, lagMs, updatedAt }] }; 404 for an image the caller may not see",
    who: "whoever may see the image",
  },
  {
    method: "get",
    path: "/api/v1/upstreams",
    summary:
      "The upstream hub (Pub Hub): { items: [{ id, name, registry: { url, username, hasPassword }, repositories, scheduleMinutes, nextSyncAt, lastSyncAt, lastStatus: ok|partial|failed|null, lastReport: [{ repository, target, copied, unchanged, failed, items: [{ tag, status: copied|unchanged|failed, digest?, error? }], error? }], lastError, lastJobId }] }",
    who: "platform admin",
  },
  {
    method: "post",
    path: "/api/v1/upstreams",
    summary: "Register an upstream registry (audited, no password in the audit)",
    who: "platform admin",
    body: { name: "string (slug, unique)", ...UPSTREAM_FIELDS },
    status: 201,
  },
  { method: "get", path: "/api/v1/upstreams/{id}", summary: "One upstream", who: "platform admin" },
  {
    method: "patch",
    path: "/api/v1/upstreams/{id}",
    summary: "Edit an upstream (registry.username: null removes the credentials, an omitted password keeps the stored one; a new schedule counts from now)",
    who: "platform admin",
    body: { registry: "{ url?, username?: string|null, password? }?", repositories: "as on create?", scheduleMinutes: "number|null?" },
  },
  { method: "delete", path: "/api/v1/upstreams/{id}", summary: "Remove an upstream (its official copies stay)", who: "platform admin", status: 204 },
  {
    method: "post",
    path: "/api/v1/upstreams/{id}/sync",
    summary:
      "Sync now: 202 { jobId } of an upstream.sync job (GET /jobs/{id}); matching tags are copied by digest into official/<target>, indexes and their children included; a failed tag keeps the previous copy; wrong credentials or an unreachable upstream fail the job with that reason before anything is written",
    who: "platform admin",
    status: 202,
  },
];
