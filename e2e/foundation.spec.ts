// Foundation flow in a real browser against a fresh production portal (playwright.config.ts):
// an admin builds a tenant with an owner and a viewer and an environment, reads the audit log; the
// viewer then sees everything read-only and is refused when mutating anyway.
// Names carry a per-run stamp, so the spec does not depend on what earlier runs left behind.
import { expect, test, type Page } from "@playwright/test";
import { ORIGIN, ADMIN, stamp, toasts, signIn } from "./support/session";

const tenant = { name: `Team ${stamp}`, slug: `team-${stamp}` };
const owner = { name: `Olive Owner ${stamp}`, email: `owner-${stamp}@example.test`, password: "owner-password-1" };
const viewer = { name: `Victor Viewer ${stamp}`, email: `viewer-${stamp}@example.test`, password: "viewer-password-1" };
const envName = `env-${stamp}`;
// Screenshots for a human look at the layout: UI_SCREENSHOTS=1 npx playwright test
const shoot = (page: Page, name: string) => (process.env.UI_SCREENSHOTS ? page.screenshot({ path: `/tmp/ui-${name}.png`, fullPage: true }) : undefined);

// The viewer test uses what the admin test created (ids are learnt in the browser).
test.describe.configure({ mode: "serial" });
let tenantId = "";
let environmentId = "";

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

async function createUser(page: Page, u: { name: string; email: string; password: string }) {
  const form = page.getByRole("form", { name: "Create user" });
  await form.getByLabel("Name", { exact: true }).fill(u.name);
  await form.getByLabel("Email").fill(u.email);
  await form.getByLabel("Password").fill(u.password);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("cell", { name: u.email, exact: true })).toBeVisible();
}

async function addMember(page: Page, email: string, role: "owner" | "viewer") {
  const form = page.getByRole("form", { name: "Add member" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("combobox", { name: `Role for ${email}` })).toHaveValue(role);
}

test("admin creates a tenant, users, memberships and an environment, and reads the audit log", async ({ page }) => {
  await signIn(page, ADMIN);
  await shoot(page, "dashboard");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await createUser(page, owner);
  await createUser(page, viewer);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tenants" }).click();
  const tenantForm = page.getByRole("form", { name: "Create tenant" });
  await tenantForm.getByLabel("Name", { exact: true }).fill(tenant.name);
  await tenantForm.getByLabel("Slug").fill(tenant.slug);
  await tenantForm.getByRole("button", { name: "Create tenant" }).click();
  await expect(toasts(page).getByText("Tenant created")).toBeVisible();
  await page.getByRole("link", { name: tenant.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  tenantId = page.url().split("/tenants/")[1];
  expect(tenantId).toBeTruthy();

  await addMember(page, owner.email, "owner");
  await addMember(page, viewer.email, "viewer");

  // The server's field errors land next to their fields (name, and the nested portRange.to).
  const envForm = page.getByRole("form", { name: "Create environment" });
  await envForm.getByLabel("Name", { exact: true }).fill("Not Valid");
  await envForm.getByLabel("Port range from").fill("40000");
  await envForm.getByLabel("Port range to").fill("30000");
  await envForm.getByRole("button", { name: "Create environment" }).click();
  await expect(envForm.getByRole("alert")).toContainText("Check");
  await expect(envForm.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(envForm.getByText("from must not be greater than to")).toBeVisible();
  // Values survive a rejected submit; fix them and submit again.
  await envForm.getByLabel("Name", { exact: true }).fill(envName);
  await envForm.getByLabel("Port range from").fill("31000");
  await envForm.getByLabel("Port range to").fill("31999");
  await envForm.getByRole("button", { name: "Create environment" }).click();
  await expect(toasts(page).getByText("Environment created")).toBeVisible();
  await shoot(page, "tenant");

  await page.getByRole("link", { name: envName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: envName })).toBeVisible();
  environmentId = page.url().split("/environments/")[1];
  // The page is in tabs (issue 11 item 7): the overview first, the others one click (or ?tab=) away.
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText("31000–31999")).toBeVisible();
  await page.getByRole("tab", { name: "Hosts" }).click();
  await expect(page.getByRole("heading", { name: "Hosts" })).toBeVisible();
  await page.getByRole("tab", { name: "Apps" }).click();
  await expect(page.getByRole("heading", { name: "Apps" })).toBeVisible();
  await page.getByRole("tab", { name: "Settings" }).click();
  await expect(page.getByRole("button", { name: "Save changes" })).toBeVisible();
  await shoot(page, "environment");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Environments" }).click();
  await expect(page.getByRole("link", { name: envName, exact: true })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
  const filters = page.getByRole("form", { name: "Filter audit events" });
  await filters.getByLabel("Tenant").selectOption({ label: tenant.name });
  await filters.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`tenantId=${tenantId}`));
  for (const action of ["tenant.create", "member.add", "environment.create"]) {
    await expect(page.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  // "Load more" appends the next page by cursor: 4 events in this tenant, 2 per page.
  await page.goto(`/audit?tenantId=${tenantId}&limit=2`);
  const rows = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(rows).toHaveCount(1 + 2);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(1 + 4);
  await expect(page.getByText("End of the log")).toBeVisible();
  await page.goto(`/audit?action=user.create&actor=${encodeURIComponent(ADMIN.email)}`);
  await expect(page.getByRole("cell", { name: "user.create", exact: true }).first()).toBeVisible();
  await shoot(page, "audit");

  await signOut(page);
});

test("a viewer sees the tenant read-only and is refused when mutating anyway", async ({ page }) => {
  expect(tenantId && environmentId).toBeTruthy();
  await signIn(page, viewer);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);

  await page.getByRole("link", { name: tenant.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  await expect(page.getByRole("link", { name: envName, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: owner.email, exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: "Create environment" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);
  // The header's language switcher is the only select a viewer keeps.
  await expect(page.getByRole("main").getByRole("combobox")).toHaveCount(0);

  await page.getByRole("link", { name: envName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: envName })).toBeVisible();
  await page.getByRole("tab", { name: "Hosts" }).click();
  await expect(page.getByText("ask an owner of this tenant to add a host")).toBeVisible();
  await expect(page.getByRole("tab", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("tab", { name: "Danger zone" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Delete environment" })).toHaveCount(0);
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await shoot(page, "environment-viewer");

  // The same session, same-origin, straight at the REST API: refused, and nothing changed.
  const headers = { Origin: ORIGIN };
  const create = await page.request.post("/api/v1/environments", { headers, data: { tenantId, name: `sneaky-${stamp}` } });
  expect([403, 404]).toContain(create.status());
  const patch = await page.request.patch(`/api/v1/environments/${environmentId}`, { headers, data: { name: `renamed-${stamp}` } });
  expect([403, 404]).toContain(patch.status());
  const del = await page.request.delete(`/api/v1/environments/${environmentId}`, { headers });
  expect([403, 404]).toContain(del.status());
  const list = await page.request.get(`/api/v1/environments?tenantId=${tenantId}`);
  expect(list.status()).toBe(200);
  expect(((await list.json()) as { items: { name: string }[] }).items.map((e) => e.name)).toEqual([envName]);

  // Personal API token, by keyboard: Enter submits, the secret is shown once and works as Bearer.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API tokens" }).click();
  await page.getByLabel("Token name").fill(`cli-${stamp}`);
  await page.getByLabel("Token name").press("Enter");
  const secret = await page.getByLabel("Token value").inputValue();
  expect(secret).toMatch(/^caas_/);
  const me = await page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(((await me.json()) as { email: string }).email).toBe(viewer.email);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByLabel("Token value")).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke token cli-${stamp}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("No tokens yet")).toBeVisible();
  const after = await page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);

  await page.goto("/audit");
  await expect(page.getByText("Only tenant owners and platform admins can read the audit log")).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByText("Platform administrators only")).toBeVisible();

  await signOut(page);
});
