// App store (issue 13): templates, versions, catalog import, deploy, upgrade, save-as-template, publish.
import type { Endpoint } from "./endpoints";

const answers = "{ [variable]: string | number | boolean }";

export const STORE_ENDPOINTS: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/templates",
    summary: "Templates the caller may see (official, market, its tenants', its own) (?scope=&q=&category=&tenantId=): { items }",
    who: "any user",
  },
  {
    method: "post",
    path: "/api/v1/templates",
    summary: "Create a template with its first version (a compose file plus typed questions)",
    who: "official: platform admin; tenant: its members (not viewers); personal: any user",
    body: {
      name: "string",
      scope: "official|tenant|personal",
      tenantId: "string? (tenant scope)",
      description: "string?",
      category: "string?",
      icon: "data: URL?",
      readme: "Markdown?",
      maintainer: "string?",
      version:
        "{ version, compose, questions?: [{ variable, label, type, required?, default?, min?, max?, options?, group?, showIf? }], upgradeFrom?, notes? }",
    },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/templates/{id}",
    summary: "A template, every version's compose and questions, and whether its registry images are there",
    who: "who may see it",
  },
  {
    method: "patch",
    path: "/api/v1/templates/{id}",
    summary: "Edit name, description, category, icon, readme, maintainer (versions never change)",
    who: "who may manage it",
    body: { name: "string?", description: "string?", category: "string?", icon: "data: URL?", readme: "string?", maintainer: "string?" },
  },
  {
    method: "delete",
    path: "/api/v1/templates/{id}",
    summary: "Delete a template (market copies and deployed apps stay)",
    who: "who may manage it",
    status: 204,
  },
  {
    method: "post",
    path: "/api/v1/templates/{id}/versions",
    summary: "Add an immutable version",
    who: "who may manage it (market: by approval only)",
    body: { version: "string", compose: "string", questions: "Question[]?", upgradeFrom: "string?", notes: "string?" },
    status: 201,
  },
  {
    method: "post",
    path: "/api/v1/templates/import",
    summary:
      "Import a Rancher 1.x catalog archive (body application/gzip, application/zip or application/x-tar, or multipart field file; ?scope=official|tenant|personal&tenantId=): each template folder with its versions; answers the per-version report (mapped, ignored, refused). Links, `..` paths, oversize entries and archives are refused whole",
    who: "official: platform admin; tenant: its members; personal: any user",
    status: 201,
  },
  {
    method: "post",
    path: "/api/v1/templates/{id}/deploy",
    summary:
      "Deploy a version (latest by default) with answers: validated per question, then the ordinary app deploy (policy, port pool, revisions) → { app, jobId }",
    who: "tenant members (not viewers) of the environment's tenant",
    body: { environmentId: "string", name: "string", version: "string?", answers },
    status: 202,
  },
  {
    method: "post",
    path: "/api/v1/templates/{id}/publish",
    summary: "Ask to publish a version to the market (a publish request of kind template)",
    who: "tenant members (not viewers); personal: the owner",
    body: { version: "string?", description: "string", tenantId: "string? (personal templates)" },
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/apps/{id}/upgrade",
    summary: "An app's template, running version, answers and available upgrades; with ?version= the compose before/after and new, changed, removed questions",
    who: "tenant members and viewers",
  },
  {
    method: "post",
    path: "/api/v1/apps/{id}/upgrade",
    summary: "Upgrade (or change) to a template version: old answers carried over, a new revision of the same app (roll back with /rollback) → { app, jobId }",
    who: "tenant members (not viewers)",
    body: { version: "string", answers },
    status: 202,
  },
  {
    method: "post",
    path: "/api/v1/apps/{id}/save-as-template",
    summary: "Save the app's current revision as a template: plain variables become string questions, secret ones password questions",
    who: "tenant members (not viewers)",
    body: { name: "string", scope: "personal|tenant", version: "string?", description: "string?", category: "string?", questions: "Question[]?" },
    status: 201,
  },
];
