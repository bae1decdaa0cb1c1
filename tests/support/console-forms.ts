// Every form of the console, and how its validation messages are tested in both languages (issue 11
// acceptance: "the validation messages of every form are tested for both languages").
//  - `probe`: the integration test (tests/integration/form-validation-i18n.test.ts) sends the form's
//    request with an invalid value to the real portal in en and zh-CN and checks the answer's detail
//    for `field`: a catalog key of both languages, the catalog text in the asked language, the field
//    named by its label (never its path).
//  - `none`: the form takes no input a person can get wrong (a filter, a button, a confirmation),
//    with the reason.
// tests/unit/console-forms.test.ts checks that every file under components/ and app/ holding a
// <form> (or ActionForm) has a row here, so a new form cannot slip by untested.

export interface FormProbe {
  method: "POST" | "PUT" | "PATCH";
  /** `{tenant}`, `{env}`, `{host}`, `{app}`, `{service}`, `{container}`, `{template}`, `{image}`, `{request}` and
   * `{market}` are filled with the test's own objects (a lab host, a deployed app with one running container,
   * a template, the container committed as an image, its publish request, approved into the marketplace). */
  path: string;
  body: Record<string, unknown>;
  /** The detail's path; `compose: true` when it is a Compose key path (named as written). */
  field: string;
  compose?: boolean;
  /** Who sends it (default: the tenant's owner). */
  as?: "admin" | "owner";
}

export interface ConsoleForm {
  /** What a person calls it. */
  name: string;
  /** The files that render it (relative to the repository). */
  files: string[];
  probe?: FormProbe;
  /** Why there is no probe: only for forms without fields to get wrong. */
  none?: string;
}

const COMPOSE = (image: string) => `services:\n  web:\n    image: ${image}\n`;

export const CONSOLE_FORMS: ConsoleForm[] = [
  {
    name: "create tenant",
    files: ["app/(portal)/admin/tenants/page.tsx"],
    probe: { method: "POST", path: "/api/v1/tenants", body: { name: "", slug: "ok-slug" }, field: "name", as: "admin" },
  },
  {
    name: "create user",
    files: ["app/(portal)/admin/users/page.tsx"],
    probe: { method: "POST", path: "/api/v1/users", body: { email: "not-an-email", name: "N", password: "password-123" }, field: "email", as: "admin" },
  },
  {
    name: "add member",
    files: ["components/tenants/members-section.tsx", "app/(portal)/tenants/[tenantId]/page.tsx"],
    probe: { method: "POST", path: "/api/v1/tenants/{tenant}/members", body: { email: "not-an-email", role: "member" }, field: "email" },
  },
  {
    name: "create environment (defaults)",
    files: ["app/(portal)/tenants/[tenantId]/page.tsx"],
    probe: {
      method: "POST",
      path: "/api/v1/environments",
      body: { tenantId: "{tenant}", name: "ok-env", defaults: { memoryMb: 1 } },
      field: "defaults.memoryMb",
    },
  },
  {
    name: "create environment: region",
    files: ["app/(portal)/tenants/[tenantId]/page.tsx"],
    probe: { method: "POST", path: "/api/v1/environments", body: { tenantId: "{tenant}", name: "ok-env", regionId: "no-such-region" }, field: "regionId" },
  },
  {
    name: "register an upstream registry (Pub Hub)",
    files: ["app/(portal)/admin/upstreams/page.tsx"],
    probe: {
      method: "POST",
      path: "/api/v1/upstreams",
      body: { name: "forms-upstream", registry: { url: "ftp://hub.example" }, repositories: [{ repository: "library/nginx", target: "nginx" }] },
      field: "registry.url",
      as: "admin",
    },
  },
  {
    name: "create region",
    files: ["app/(portal)/admin/regions/page.tsx"],
    probe: {
      method: "POST",
      path: "/api/v1/regions",
      body: { name: "forms-region", displayName: "Forms", registry: { url: "ftp://registry.example" } },
      field: "registry.url",
      as: "admin",
    },
  },
  {
    // the default region (id "default", migration 0016) is the portal's embedded registry
    name: "edit region",
    files: ["components/regions/region-edit-dialog.tsx"],
    probe: {
      method: "PATCH",
      path: "/api/v1/regions/default",
      body: { registry: { url: "https://registry.example" } },
      field: "registry.url",
      as: "admin",
    },
  },
  {
    name: "environment settings: port pool",
    files: ["app/(portal)/environments/[id]/page.tsx"],
    probe: { method: "PATCH", path: "/api/v1/environments/{env}", body: { portRange: { from: 80, to: 40000 } }, field: "portRange.from" },
  },
  {
    name: "environment settings: name",
    files: ["app/(portal)/environments/[id]/page.tsx"],
    probe: { method: "PATCH", path: "/api/v1/environments/{env}", body: { name: "Not Lowercase" }, field: "name" },
  },
  {
    name: "add host (tcp, TLS, SSH)",
    files: ["components/hosts/add-host-dialog.tsx"],
    probe: { method: "POST", path: "/api/v1/environments/{env}/hosts", body: { name: "", endpoint: "tcp://127.0.0.1:2375" }, field: "name" },
  },
  {
    name: "registration command",
    files: ["components/hosts/add-host-dialog.tsx"],
    probe: { method: "POST", path: "/api/v1/environments/{env}/hosts/registration-tokens", body: { expiresInSeconds: 0 }, field: "expiresInSeconds" },
  },
  {
    name: "edit host (name, labels)",
    files: ["components/hosts/host-edit-forms.tsx"],
    probe: { method: "PATCH", path: "/api/v1/hosts/{host}", body: { name: "" }, field: "name" },
  },
  {
    name: "deploy app: name",
    files: ["components/apps/deploy-form.tsx"],
    probe: { method: "POST", path: "/api/v1/environments/{env}/apps", body: { name: "", compose: COMPOSE("nginx:1.27") }, field: "name" },
  },
  {
    name: "deploy app: compose problems",
    files: ["components/apps/deploy-form.tsx", "components/apps/redeploy-form.tsx"],
    probe: {
      method: "POST",
      path: "/api/v1/environments/{env}/apps/validate",
      body: { compose: COMPOSE("'bad image'") },
      field: "services.web.image",
      compose: true,
    },
  },
  {
    name: "service form (writes compose)",
    files: ["components/apps/service-form-dialog.tsx"],
    probe: {
      method: "POST",
      path: "/api/v1/environments/{env}/apps/validate",
      body: { compose: "services:\n  web:\n    image: nginx:1.27\n    environment:\n      'BAD NAME': x\n" },
      field: 'services.web.environment["BAD NAME"]',
      compose: true,
    },
  },
  {
    name: "redeploy / rollback / stop / start",
    files: ["components/apps/redeploy-form.tsx", "components/apps/app-actions.tsx"],
    probe: { method: "PUT", path: "/api/v1/apps/{app}/compose", body: { compose: COMPOSE("'bad image'") }, field: "services.web.image", compose: true },
  },
  {
    name: "scale",
    files: ["components/services/scale-control.tsx"],
    probe: { method: "POST", path: "/api/v1/services/{service}/scale", body: { replicas: -1 }, field: "replicas" },
  },
  {
    name: "service actions (image tag)",
    files: ["components/services/service-actions.tsx"],
    probe: { method: "POST", path: "/api/v1/services/{service}/image", body: { tag: "bad tag!" }, field: "tag" },
  },
  {
    name: "tenant quota",
    files: ["components/quotas/quota-card.tsx"],
    probe: { method: "PUT", path: "/api/v1/tenants/{tenant}/quota", body: { memoryMb: -1 }, field: "memoryMb", as: "admin" },
  },
  {
    name: "secrets and configs",
    files: ["components/secrets/portal-secrets-card.tsx"],
    probe: { method: "POST", path: "/api/v1/environments/{env}/secrets", body: { name: "bad name!", value: "x" }, field: "name" },
  },
  {
    name: "API tokens",
    files: ["components/tokens/create-token-form.tsx"],
    probe: { method: "POST", path: "/api/v1/tokens", body: { name: "" }, field: "name" },
  },
  {
    name: "preferences (language, time zone)",
    files: ["components/shell/preferences-form.tsx"],
    probe: { method: "PUT", path: "/api/v1/me/preferences", body: { timeZone: "Mars/Olympus" }, field: "timeZone" },
  },
  {
    name: "password and two-factor",
    files: ["components/identity/profile-security.tsx"],
    // the owner's own password (tests/support/world.ts), refused as the new one: nothing changes
    probe: { method: "POST", path: "/api/v1/me/password", body: { currentPassword: "password-owner", newPassword: "password-owner" }, field: "newPassword" },
  },
  {
    name: "identity providers",
    files: ["components/identity/identity-admin.tsx"],
    probe: { method: "POST", path: "/api/v1/identity-providers", body: { kind: "ldap", name: "", settings: {} }, field: "name", as: "admin" },
  },
  {
    name: "pull an image on the hosts",
    files: ["components/environments/images-card.tsx"],
    probe: { method: "POST", path: "/api/v1/environments/{env}/images/pull", body: { image: "" }, field: "image" },
  },
  {
    name: "alert rules",
    files: ["app/(portal)/alerts/page.tsx"],
    probe: { method: "POST", path: "/api/v1/alert-rules", body: { tenantId: "{tenant}", name: "", kind: "host-down" }, field: "name" },
  },
  {
    name: "environment logging",
    files: ["app/(portal)/environments/[id]/logging/page.tsx"],
    probe: { method: "PUT", path: "/api/v1/environments/{env}/logging", body: { driver: "syslog", address: "10.0.0.1", port: 0 }, field: "port", as: "admin" },
  },
  {
    name: "prices",
    files: ["app/(portal)/usage/page.tsx"],
    probe: {
      method: "PUT",
      path: "/api/v1/prices",
      body: { items: [{ kind: "tenant", cpuHour: -1, memoryGbHour: 0 }] },
      field: "items.0.cpuHour",
      as: "admin",
    },
  },
  {
    name: "store template (publish)",
    files: ["components/store/publish-template-form.tsx"],
    probe: { method: "POST", path: "/api/v1/templates", body: { name: "", scope: "personal" }, field: "name" },
  },
  {
    name: "store template deploy / upgrade",
    files: ["components/store/deploy-form.tsx", "components/store/upgrade-form.tsx", "components/store/app-template-panel.tsx"],
    probe: { method: "POST", path: "/api/v1/templates/{template}/deploy", body: { environmentId: "{env}", name: "n".repeat(101) }, field: "name" },
  },
  {
    name: "import catalog / official image",
    files: ["components/store/import-catalog-form.tsx", "components/images/import-official-form.tsx"],
    none: "a file upload; the archive's problems are listed as a verdict",
  },
  {
    name: "commit a container",
    files: ["components/images/commit-button.tsx"],
    probe: { method: "POST", path: "/api/v1/containers/{container}/commit", body: { repository: "" }, field: "repository" },
  },
  {
    name: "publish an image",
    files: ["components/images/image-table.tsx"],
    probe: { method: "POST", path: "/api/v1/images/{image}/publish", body: { description: "" }, field: "description" },
  },
  {
    name: "review a publication (image or template)",
    files: ["components/images/publish-request-card.tsx", "components/store/template-review-card.tsx"],
    probe: { method: "POST", path: "/api/v1/publish-requests/{request}/reject", body: { reason: " " }, field: "reason", as: "admin" },
  },
  {
    name: "marketplace deploy",
    files: ["components/marketplace/market-deploy-form.tsx"],
    probe: { method: "POST", path: "/api/v1/images/{market}/deploy", body: { environmentId: "{env}", name: "" }, field: "name" },
  },
  {
    name: "container files (upload into a directory)",
    files: ["components/containers/files-view.tsx"],
    probe: { method: "PUT", path: "/api/v1/containers/{container}/files?path=tmp&name=a.txt", body: {}, field: "path" },
  },
  {
    name: "sign in / first admin",
    files: ["components/auth/login-form.tsx", "app/setup/page.tsx"],
    none: "credentials: one generic message, by design (no field hints)",
  },
  {
    name: "filters and search",
    files: ["app/(portal)/audit/page.tsx", "app/(portal)/dashboards/page.tsx", "app/(portal)/marketplace/page.tsx", "app/(portal)/templates/page.tsx"],
    none: "GET filters: no validation messages",
  },
  { name: "terminal", files: ["components/terminal/terminal-view.tsx"], none: "a shell, not a form" },
  {
    name: "buttons and confirmations",
    files: ["components/users/user-flag-button.tsx", "components/ui/confirm-dialog.tsx", "components/ui/action-form.tsx"],
    none: "no fields (a typed name is compared on the client)",
  },
];
