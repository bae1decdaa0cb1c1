// Issue 11 in a real browser, once in Chinese and once in English (the browser's Accept-Language,
// then the user's own setting): sign in, switch the language in the header (saved per user),
// create an environment, fill the deploy form with the live check, and see a refused form's
// messages in the page's language. Every page is visited and photographed under
// test-results/i18n/<locale>/; a page fails on an untranslated key (the ⟦missing⟧ marker) and, in
// Chinese, on a Latin-only text node outside code, names and units (reviewed allow-list below).
// Needs no engine: the environment has no host (the deploy form's check runs without one).
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createTranslator } from "next-intl";
import fs from "node:fs";

// Read, not imported: Playwright loads specs as ES modules, where JSON needs import attributes.
// One file per feature area (messages/<locale>/<area>.json, namespaces unique across files).
const catalog = (locale: string) => {
  const dir = new URL(`../messages/${locale}/`, import.meta.url);
  return Object.assign(
    {},
    ...fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(fs.readFileSync(new URL(f, dir), "utf8"))),
  ) as Record<string, unknown>;
};
const en = catalog("en");
const zh = catalog("zh-CN");

// E2E_ORIGIN: a private run on another port (no lab needed here), see e2e/i18n.config.ts.
const ORIGIN = process.env.E2E_ORIGIN ?? "http://127.0.0.1:3100";
const ADMIN = { email: "admin@example.test", password: "admin-password-1" };
const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const LOCALES = [
  { locale: "zh-CN", browser: "zh-CN", messages: zh },
  { locale: "en", browser: "en-US", messages: en },
] as const;
type Loc = (typeof LOCALES)[number];

/** The catalog text of `key` in `loc` (what the page must show). */
const m = (loc: Loc, key: string, params?: Record<string, string | number>) =>
  (createTranslator({ locale: loc.locale, messages: loc.messages }) as unknown as (k: string, p?: Record<string, string | number>) => string)(key, params);

/**
 * Words that may stay Latin on a Chinese page: product and protocol names, units, Docker's own
 * option values, and the names this test gives its objects (tenant, environment, app, emails).
 */
const LATIN_OK = [
  /\b(CaaS|API|Compose|Swarm|Docker|TLS|SSH|PEM|YAML|ID|CPU|HTTP|JSON|IPVS|Bearer|Authorization|Ctrl|Shift|Esc|Tab|English|KEY|value)\b/g,
  /\b\d+(\.\d+)?\s*(B|KiB|MiB|GiB|TiB|B\/s|KiB\/s|MiB\/s|%|ms|s|m|h)\b/g,
  /\b(host|ingress|dnsrr|vip|tcp|udp|latest|official|market|manager|worker|docker save|docker|n\/a)\b/g,
  /[\w.+-]+@[\w.-]+/g, // emails
  /\b[a-z][a-z0-9-]*-[a-z0-9]{4,}\b/g, // generated names (team-xxxx, env-xxxx, app-xxxx)
  /(https?|tcp|ssh|unix):\/\/\S+/g,
  /\b(sha256:)?[0-9a-f]{7,}\b/g,
  /\b(GMT|UTC)([+-]\d{1,2}(:\d\d)?)?\b/g, // time zone in a time's tooltip
];

/** Text nodes of the page with Latin words left after removing what is allowed (Chinese pages). */
async function latinOnlyText(page: Page, extra: string[]): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const tag = e.tagName;
        if (["SCRIPT", "STYLE", "CODE", "PRE", "KBD", "SAMP", "NOSCRIPT", "TEMPLATE"].includes(tag)) return true;
        if (e.classList.contains("font-mono") || e.classList.contains("cm-editor") || e.getAttribute("translate") === "no") return true;
        if (tag === "OPTION" && e.getAttribute("lang")) return true; // a language named in itself
        if (e.closest("[hidden]") || e.closest('[aria-hidden="true"]')) return true;
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = (n.textContent ?? "").trim();
      if (t && /[A-Za-z]/.test(t) && !skip(n.parentElement)) out.push(t);
    }
    // Visible names of controls too (aria-label, placeholder, title).
    for (const el of Array.from(document.querySelectorAll("[aria-label],[placeholder],[title]"))) {
      if (skip(el)) continue;
      for (const a of ["aria-label", "placeholder", "title"]) {
        const v = el.getAttribute(a);
        if (v && /[A-Za-z]/.test(v)) out.push(v);
      }
    }
    return out;
  });
  // Longest first: "Platform admin" before "admin".
  const names = [...extra].sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return texts.filter((t) => {
    if (/[\u3400-\u9fff]/.test(t)) return false; // mixed with Chinese: a sentence with a term in it
    let rest = t;
    // Names first, as whole words (not inside an email: "admin" in admin@example.test).
    for (const re of [...names.map((n) => new RegExp(`(?<![\\w@.-])${n}(?![\\w@-])`, "g")), ...LATIN_OK]) rest = rest.replace(re, " ");
    return /[A-Za-z]{2,}/.test(rest);
  });
}

/** Names users gave objects (other specs' tenants, users, environments, apps …) are data, not UI text. */
async function knownNames(): Promise<string[]> {
  const out: string[] = [];
  for (const path of ["/api/v1/tenants", "/api/v1/users", "/api/v1/environments", "/api/v1/apps"]) {
    const r = await api.get(path);
    if (!r.ok()) continue;
    const items = ((await r.json()) as { items?: Record<string, unknown>[] }).items ?? [];
    for (const it of items) for (const k of ["name", "slug", "email"]) if (typeof it[k] === "string" && it[k]) out.push(it[k] as string);
  }
  return out;
}

async function checkPage(page: Page, loc: Loc, name: string, names: string[]) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.screenshot({ path: `test-results/i18n/${loc.locale}/${name}.png`, fullPage: true });
  const body = await page.locator("body").innerText();
  // Soft: one run lists every page's problems.
  expect.soft(body, `${name}: untranslated key`).not.toContain("⟦missing⟧");
  expect.soft(await page.locator("html").getAttribute("lang"), `${name}: <html lang>`).toBe(loc.locale);
  if (loc.locale === "zh-CN")
    expect.soft(await latinOnlyText(page, [...names, ...(await knownNames())]), `${name}: English left on a Chinese page`).toEqual([]);
}

let api: APIRequestContext;
let tenantId = "";
/** The admin's saved language (the header switcher stores it): it wins over the browser's. */
let saved: Loc | null = null;
/** The admin's language before this spec (restored after it). */
let adminLocale: string | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  const anon = await playwright.request.newContext({ baseURL: ORIGIN });
  const t = await anon.post("/api/v1/tokens", { data: { email: ADMIN.email, password: ADMIN.password, name: `i18n-e2e-${stamp}` } });
  expect(t.status()).toBe(201);
  const { token } = (await t.json()) as { token: string };
  await anon.dispose();
  api = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
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

async function newPage(browser: Browser, loc: Loc): Promise<Page> {
  const ctx = await browser.newContext({ locale: loc.browser, timezoneId: "Asia/Shanghai" });
  return ctx.newPage();
}

/** Signs in on a login page in `loc` (the browser's language); the portal then speaks `after`. */
async function signIn(page: Page, loc: Loc, after: Loc = loc) {
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.getByRole("form", { name: m(loc, "login.title") });
  await form.getByLabel(m(loc, "login.email")).fill(ADMIN.email);
  await form.getByLabel(m(loc, "login.password")).fill(ADMIN.password);
  await form.getByRole("button", { name: m(loc, "login.submit") }).click();
  await expect(page.getByRole("heading", { level: 1, name: m(after, "dashboard.title") })).toBeVisible();
}

for (const loc of LOCALES) {
  test(`main flow and every page in ${loc.locale}`, async ({ browser }) => {
    test.setTimeout(4 * 60_000);
    const page = await newPage(browser, loc);
    const envName = `env-${loc.locale === "en" ? "e" : "z"}${stamp}`;
    const appName = `app-${loc.locale === "en" ? "e" : "z"}${stamp}`;
    // Names of objects (this test's, and the admin account set up by the test server).
    const names = [`I18n ${stamp}`, `i18n-${stamp}`, envName, appName, "web", "admin", "Platform admin"];

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
        ]);
      }
    });
    await page.context().close();
  });
}
