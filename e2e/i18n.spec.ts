// Issue 11 in a real browser, once in Chinese and once in English (the browser's Accept-Language,
// then the user's own setting): sign in, switch the language in the header (saved per user),
// create an environment, fill the deploy form with the live check, and see a refused form's
// messages in the page's language. Every page is visited and photographed under
// test-results/i18n/<locale>/; a page fails on an untranslated key (the ⟦missing⟧ marker) and, in
// Chinese, on a Latin-only text node outside code, names and units (reviewed allow-list in
// e2e/support/i18n.ts, shared with e2e/i18n-flows.spec.ts).
// Needs no engine: the environment has no host (the deploy form's check runs without one).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { checkPage as check, LOCALES, m, newPage, signIn as signInAs, type Loc } from "./support/i18n";
import { stamp, tokenApi } from "./support/session";

// E2E_ORIGIN: a private run on another port (no lab needed here), see e2e/i18n.config.ts.

const checkPage = (page: Page, loc: Loc, name: string, names: string[]) => check(api, page, loc, name, names);
/** Signs the admin in on a login page in `loc` (the browser's language); the portal then speaks `after`. */
const signIn = (page: Page, loc: Loc, after: Loc = loc) => signInAs(page, loc, undefined, after);

let api: APIRequestContext;
let tenantId = "";
/** The admin's saved language (the header switcher stores it): it wins over the browser's. */
let saved: Loc | null = null;
/** The admin's language before this spec (restored after it). */
let adminLocale: string | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  api = await tokenApi(playwright, `i18n-e2e-${stamp}`);
  const tenant = await api.post("/api/v1/tenants", { data: { name: `I18n ${stamp}`, slug: `i18n-${stamp}` } });
  expect(tenant.status()).toBe(201);
  tenantId = ((await tenant.json()) as { id: string }).id;
  const prefs = await api.get("/api/v1/me/preferences");
  expect(prefs.status()).toBe(200);
  adminLocale = ((await prefs.json()) as { locale: string | null }).locale;
});

// The switcher saves the admin's language: put it back whatever happened, or every later spec
// (which signs the same admin in expecting English) would meet a Chinese portal.
test.afterAll(async () => {
  if (api) expect((await api.put("/api/v1/me/preferences", { data: { locale: adminLocale } })).status()).toBe(200);
  await api?.dispose();
});

test("the API answers in the caller's language, with code and machine-readable details", async () => {
  for (const [lang, required] of [
    ["zh-CN", "请填写名称。"],
    ["en-US", "Name is required."],
  ] as const) {
    const r = await api.post("/api/v1/environments", { data: { tenantId, name: "" }, headers: { "accept-language": lang } });
    expect(r.status()).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string; details: { path: string; message: string; key?: string }[] } };
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.details.find((d) => d.path === "name")).toMatchObject({ key: "validation.required", message: required });
  }
  // Without a language the API keeps English (scripts, curl).
  const r = await api.get("/api/v1/environments/nope");
  expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/not found/);
});

for (const loc of LOCALES) {
  test(`main flow and every page in ${loc.locale}`, async ({ browser }) => {
    test.setTimeout(4 * 60_000);
    const page = await newPage(browser, loc);
    const envName = `env-${loc.locale === "en" ? "e" : "z"}${stamp}`;
    const appName = `app-${loc.locale === "en" ? "e" : "z"}${stamp}`;
    // Names of objects (this test's, and the admin account set up by the test server).
    // "Default", "default": the default region's display name and name (data from migration 0016, issue 17)
    const names = [`I18n ${stamp}`, `i18n-${stamp}`, envName, appName, "web", "admin", "Platform admin", "Default", "default"];

    await test.step("the sign-in page follows the browser's language", async () => {
      await page.goto("/login");
      await checkPage(page, loc, "login", names);
    });

    await test.step("sign in", async () => {
      await signIn(page, loc, saved ?? loc);
      if (saved && saved !== loc) {
        await page.getByTestId("locale-switcher").selectOption(loc.locale);
        await expect(page.getByRole("heading", { level: 1, name: m(loc, "dashboard.title") })).toBeVisible();
      }
      saved = loc;
      await checkPage(page, loc, "dashboard", names);
    });

    await test.step("the header switcher saves the language for the user", async () => {
      const other = LOCALES.find((l) => l !== loc)!;
      await page.getByTestId("locale-switcher").selectOption(other.locale);
      await expect(page.getByRole("heading", { level: 1, name: m(other, "dashboard.title") })).toBeVisible();
      // Saved per user: a new browser context with the first language still gets the chosen one.
      const fresh = await newPage(browser, loc);
      await signIn(fresh, loc, other);
      await fresh.context().close();
      await page.getByTestId("locale-switcher").selectOption(loc.locale);
      await expect(page.getByRole("heading", { level: 1, name: m(loc, "dashboard.title") })).toBeVisible();
    });

    await test.step("a refused form says what is wrong, by field, in the page's language", async () => {
      await page.goto(`/tenants/${tenantId}`);
      const form = page.getByRole("form", { name: m(loc, "tenant.createEnvironment") });
      await form.getByLabel(m(loc, "environmentFields.name")).fill("Bad Name!");
      // Passes the browser's own checks (min=4), fails the server's bound.
      await form.getByLabel(m(loc, "environmentFields.memoryMb")).fill("2000000");
      await form.getByRole("button", { name: m(loc, "tenant.createEnvironment") }).click();
      const alert = form.getByRole("alert");
      await expect(alert).toContainText(
        m(loc, "validation.check", { fields: "" })
          .replace(/[.。]$/, "")
          .trim(),
      );
      await expect(form).toContainText(m(loc, "validation.numberMax", { field: m(loc, "fields.defaults.memoryMb"), max: 1024 * 1024 }));
      await expect(form).toContainText(m(loc, "validation.lowerDash", { field: m(loc, "fields.name") }));
      await checkPage(page, loc, "tenant-form-errors", [...names, "Bad Name!"]);
    });

    await test.step("create an environment from the tenant page", async () => {
      await page.goto(`/tenants/${tenantId}`);
      const form = page.getByRole("form", { name: m(loc, "tenant.createEnvironment") });
      await form.getByLabel(m(loc, "environmentFields.name")).fill(envName);
      await form.getByRole("button", { name: m(loc, "tenant.createEnvironment") }).click();
      await expect(page.getByRole("link", { name: envName, exact: true })).toBeVisible();
      // Issue 11 item 6: a tenant's page belongs to Environments in the side navigation (it lit Dashboard).
      const nav = page.getByRole("navigation", { name: m(loc, "nav.main") });
      await expect(nav.locator('[aria-current="page"]')).toHaveText(m(loc, "nav.environments"));
      await checkPage(page, loc, "tenant", names);
      await page.getByRole("link", { name: envName, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: envName })).toBeVisible();
      // Issue 11 item 6: inside a tenant (its environment here) the switcher names it, not "Choose…".
      await expect(page.getByRole("banner").getByRole("button", { name: new RegExp(`I18n ${stamp}`) })).toBeVisible();
      await checkPage(page, loc, "environment", names);
    });

    await test.step("the dashboard shows the environment, its host health and use (issue 11 item 3)", async () => {
      await page.goto("/");
      const card = page
        .getByTestId("dashboard")
        .getByRole("listitem")
        .filter({ has: page.getByRole("link", { name: envName, exact: true }) });
      await expect(card).toBeVisible();
      await expect(card.getByText(m(loc, "overview.noHosts"), { exact: true })).toBeVisible();
      await expect(card.getByText(m(loc, "overview.memory"), { exact: true })).toBeVisible();
      await checkPage(page, loc, "dashboard-environment", names);
      // back to the environment through the dashboard's link, where the deploy step starts
      await card.getByRole("link", { name: envName, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: envName })).toBeVisible();
    });

    await test.step("the deploy form checks the file as it is typed, in the page's language", async () => {
      await page
        .getByRole("link", { name: m(loc, "environment.deployApp") })
        .first()
        .click();
      const form = page.getByRole("form", { name: m(loc, "deploy.deployLabel") });
      await form.getByLabel(m(loc, "deploy.appName")).fill(appName);
      const editor = form.getByRole("textbox", { name: m(loc, "compose.label"), exact: true });
      await editor.fill("services:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2\n");
      await expect(form.getByTestId("compose-preview")).toContainText(m(loc, "composePreview.ok", { count: 1 }), { timeout: 15_000 });
      await checkPage(page, loc, "deploy", names);
      await editor.fill("services:\n  web:\n    image: nginx:1.27\n    privileged: true\n");
      await expect(form.locator(".cm-lintRange-error")).toHaveCount(1, { timeout: 15_000 });
      // The policy's messages come from the catalog (composeErrors.*, composeRules.*); the rule's code
      // and the key path stay as they are written in Compose.
      await checkPage(page, loc, "deploy-problems", [...names, "privileged", "services.web.privileged"]);
      await expect(form).toContainText(m(loc, "composeRules.privileged"));
    });

    await test.step("every other page", async () => {
      const pages: [string, string][] = [
        ["/environments", "environments"],
        ["/apps", "apps"],
        ["/images", "images"],
        ["/templates", "templates"],
        ["/marketplace", "marketplace"],
        ["/audit", "audit"],
        ["/settings/tokens", "tokens"],
        ["/settings/preferences", "preferences"],
        ["/admin/tenants", "admin-tenants"],
        ["/admin/users", "admin-users"],
        ["/admin/publish-requests", "admin-publish-requests"],
        ["/admin/regions", "admin-regions"],
        ["/admin/replication", "admin-replication"],
        ["/admin/upstreams", "admin-upstreams"],
        ["/no-such-page", "not-found"],
      ];
      for (const [url, name] of pages) {
        await page.goto(url);
        // The audit log lists actions by their code (environment.create): code, not prose.
        await checkPage(page, loc, name, [
          ...names,
          "environment.create",
          "tenant.create",
          "token.create",
          "user.update",
          "environment",
          "tenant",
          "token",
          "user",
          "ok",
          "system",
          // target types other specs' actions leave in the log (codes, like the actions)
          "app",
          "container",
          "image",
          "service",
          "host",
          "secret",
          "config",
          "api-token",
          "membership",
          "invitation",
          "session",
          "publish-request",
          "job",
          "identity-provider",
          "group-mapping",
          "replication-task",
        ]);
      }
    });
    await page.context().close();
  });
}
