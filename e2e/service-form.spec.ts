// Issue 11 item 4, the add/edit service form beside the Compose editor, in Chromium once in Chinese
// and once in English (the browser's language): on the deploy page the form adds a service (image
// picked from the registry autocomplete, a command, 2 replicas, no port (a row added then removed), an
// environment variable, a memory limit) after refusing bad input with messages under their fields
// in the page's language; the YAML in the editor follows; the app deploys and runs; on the app's
// page the form edits that service (3 replicas) and the redeploy runs 3 tasks. Uses lab3 alone and
// releases it (apps, then the host, then the swarm).
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createTranslator } from "next-intl";
import fs from "node:fs";

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
const LOCALES = [
  { locale: "zh-CN", browser: "zh-CN", messages: catalog("zh-CN") },
  { locale: "en", browser: "en-US", messages: catalog("en") },
] as const;
type Loc = (typeof LOCALES)[number];
const m = (loc: Loc, key: string, params?: Record<string, string | number>) =>
  (createTranslator({ locale: loc.locale, messages: loc.messages }) as unknown as (k: string, p?: Record<string, string | number>) => string)(key, params);

const ORIGIN = "http://127.0.0.1:3100";
const ADMIN = { email: "admin@example.test", password: "admin-password-1" };
const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const LAB3 = { name: "lab3", ip: "10.77.0.13", endpoint: "tcp://10.77.0.13:2375" };
const ENGINE_MS = 120_000;

test.describe.configure({ mode: "serial" });
let api: APIRequestContext;
let environmentId = "";
let adminLocale: string | null = null;

async function swarmState(request: APIRequestContext): Promise<string> {
  const r = await request.get(`http://${LAB3.ip}:2375/info`, { timeout: 10_000 });
  expect(r.ok(), "lab engine lab3 does not answer: is the lab up (npm run lab:up)?").toBeTruthy();
  return ((await r.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState;
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(4 * 60_000);
  const anon = await playwright.request.newContext({ baseURL: ORIGIN });
  const t = await anon.post("/api/v1/tokens", { data: { email: ADMIN.email, password: ADMIN.password, name: `serviceform-e2e-${stamp}` } });
  expect(t.status()).toBe(201);
  const { token } = (await t.json()) as { token: string };
  await anon.dispose();
  api = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  // The browser's language decides: no saved language for the admin while this spec runs.
  adminLocale = ((await (await api.get("/api/v1/me/preferences")).json()) as { locale: string | null }).locale;
  expect((await api.put("/api/v1/me/preferences", { data: { locale: null } })).status()).toBe(200);
  if ((await swarmState(api)) !== "inactive") await api.post(`http://${LAB3.ip}:2375/swarm/leave?force=true`);
  // The lab's busybox as official/busybox:latest: an image every tenant may pull (the autocomplete's).
  const saved = await api.get(`http://${LAB3.ip}:2375/images/lab%2Fbusybox:latest/get`, { timeout: 60_000 });
  expect(saved.ok()).toBeTruthy();
  const imp = await api.post("/api/v1/images/import?name=busybox&tag=latest", { headers: { "content-type": "application/x-tar" }, data: await saved.body() });
  expect(imp.status(), await imp.text()).toBe(201);
  const tenant = await api.post("/api/v1/tenants", { data: { name: `Form ${stamp}`, slug: `form-${stamp}` } });
  expect(tenant.status()).toBe(201);
  const env = await api.post("/api/v1/environments", {
    data: { tenantId: ((await tenant.json()) as { id: string }).id, name: `form-${stamp}`, portRange: { from: 31850, to: 31869 } },
  });
  expect(env.status()).toBe(201);
  environmentId = ((await env.json()) as { id: string }).id;
  const host = await api.post(`/api/v1/environments/${environmentId}/hosts`, { data: { name: LAB3.name, endpoint: LAB3.endpoint }, timeout: 120_000 });
  expect(host.status(), await host.text()).toBe(201);
});

async function removeApps() {
  const apps = (await (await api.get(`/api/v1/environments/${environmentId}/apps`)).json()) as { items?: { id: string }[] };
  for (const a of apps.items ?? []) {
    await api.delete(`/api/v1/apps/${a.id}`);
    await expect
      .poll(async () => (await api.get(`/api/v1/apps/${a.id}`)).status(), { timeout: ENGINE_MS, intervals: [1000] })
      .toBe(404)
      .catch(() => undefined);
  }
}

test.afterAll(async () => {
  test.setTimeout(5 * 60_000);
  if (!api) return;
  if (environmentId) {
    await removeApps();
    const hosts = (await (await api.get(`/api/v1/environments/${environmentId}/hosts`)).json()) as { items?: { id: string }[] };
    for (const h of hosts.items ?? []) {
      await api.delete(`/api/v1/hosts/${h.id}`);
      await expect
        .poll(async () => (await api.get(`/api/v1/hosts/${h.id}`)).status(), { timeout: 120_000, intervals: [1000] })
        .toBe(404)
        .catch(() => undefined);
    }
  }
  if ((await swarmState(api).catch(() => "unknown")) !== "inactive") await api.post(`http://${LAB3.ip}:2375/swarm/leave?force=true`).catch(() => undefined);
  await api.put("/api/v1/me/preferences", { data: { locale: adminLocale } }).catch(() => undefined);
  await api.dispose();
});

async function signIn(browser: Browser, loc: Loc): Promise<Page> {
  const ctx = await browser.newContext({ locale: loc.browser });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.getByRole("form", { name: m(loc, "login.title") });
  await form.getByLabel(m(loc, "login.email")).fill(ADMIN.email);
  await form.getByLabel(m(loc, "login.password")).fill(ADMIN.password);
  await form.getByRole("button", { name: m(loc, "login.submit"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: m(loc, "dashboard.title") })).toBeVisible();
  return page;
}

const composeText = (page: Page) => page.locator('textarea[name="compose"]').inputValue();

async function runningReplicas(appId: string): Promise<string> {
  const r = await api.get(`/api/v1/apps/${appId}`).catch(() => null); // polled: a failed request is "not yet"
  if (!r?.ok()) return "none";
  const app = (await r.json()) as { services?: { name: string; replicas: { desired: number; running: number } }[] };
  const web = app.services?.find((s) => s.name === "web");
  return web ? `${web.replicas.running}/${web.replicas.desired}` : "none";
}

for (const loc of LOCALES) {
  test(`add a service with the form, deploy, edit it with the form and redeploy (${loc.locale})`, async ({ browser }) => {
    test.setTimeout(8 * 60_000);
    const page = await signIn(browser, loc);
    const shots = `test-results/serviceform/${loc.locale}`;
    const appName = `form-${loc.locale === "en" ? "e" : "z"}${stamp}`;
    let appId = "";
    let image = "";

    await test.step("the form refuses bad input with messages under its fields, in the page's language", async () => {
      await page.goto(`/environments/${environmentId}/apps/new`);
      const form = page.getByRole("form", { name: m(loc, "deploy.deployLabel") });
      await form.getByLabel(m(loc, "deploy.appName")).fill(appName);
      // Esc closes the dialog
      await page.getByRole("button", { name: m(loc, "serviceform.add") }).click();
      const dialog = page.getByRole("dialog", { name: m(loc, "serviceform.titleAdd") });
      await expect(dialog).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();

      await page.getByRole("button", { name: m(loc, "serviceform.add") }).click();
      await expect(dialog).toBeVisible();
      // the name field has the focus (focus order starts at the top)
      await expect(dialog.getByLabel(m(loc, "serviceform.name"), { exact: true })).toBeFocused();
      await dialog.getByLabel(m(loc, "serviceform.name"), { exact: true }).fill("web");
      await dialog.getByLabel(m(loc, "serviceform.limitsMemory"), { exact: true }).fill("12 apples");
      await dialog.getByLabel(m(loc, "serviceform.limitsMemory"), { exact: true }).press("Enter");
      await expect(dialog.getByText(m(loc, "serviceform.problems.required", { field: m(loc, "serviceform.image") }))).toBeVisible();
      await expect(dialog.getByText(m(loc, "serviceform.problems.memory", { field: m(loc, "serviceform.limitsMemory") }))).toBeVisible();
      await expect(dialog.getByRole("combobox", { name: m(loc, "serviceform.image") })).toHaveAttribute("aria-invalid", "true");
      await expect(dialog.getByRole("combobox", { name: m(loc, "serviceform.image") })).toBeFocused();
      await page.screenshot({ path: `${shots}/add-refused.png`, fullPage: true });
    });

    await test.step("add the service: image from the autocomplete, command, 2 replicas, no port, a variable, a memory limit", async () => {
      const dialog = page.getByRole("dialog", { name: m(loc, "serviceform.titleAdd") });
      const combo = dialog.getByRole("combobox", { name: m(loc, "serviceform.image") });
      await combo.fill("busybox");
      const option = dialog.getByRole("option", { name: /\/official\/busybox:latest$/ });
      await expect(option).toBeVisible();
      image = (await option.textContent()) ?? "";
      await option.click();
      await expect(combo).toHaveValue(image);
      await dialog.getByLabel(m(loc, "serviceform.command"), { exact: true }).fill("sleep 1d");
      await dialog.getByLabel(m(loc, "serviceform.replicas"), { exact: true }).fill("2");
      await dialog.getByLabel(m(loc, "serviceform.limitsMemory"), { exact: true }).fill("64M"); // valid now: the YAML preview shows
      // A port row, then none: the environment publishes in host mode, where 2 replicas on one lab
      // host cannot share a published port (the swarm refuses to place the second task).
      await dialog.getByRole("button", { name: m(loc, "serviceform.addPort") }).click();
      await dialog.getByLabel(m(loc, "serviceform.portTarget", { n: 1 }), { exact: true }).fill("80");
      await expect(dialog.getByTestId("service-form-preview")).toContainText('- "80"');
      await dialog.getByRole("button", { name: m(loc, "serviceform.removePort", { n: 1 }) }).click();
      await expect(dialog.getByLabel(m(loc, "serviceform.portTarget", { n: 1 }), { exact: true })).toHaveCount(0);
      await dialog.getByRole("button", { name: m(loc, "serviceform.addEnv") }).click();
      await dialog.getByLabel(m(loc, "serviceform.envName", { n: 1 }), { exact: true }).fill("GREETING");
      await dialog.getByLabel(m(loc, "serviceform.envValue", { n: 1 }), { exact: true }).fill("hello");
      // the form shows the YAML it writes
      await expect(dialog.getByTestId("service-form-preview")).toContainText("memory: 64M");
      await page.screenshot({ path: `${shots}/add-filled.png`, fullPage: true });
      await dialog.getByLabel(m(loc, "serviceform.limitsMemory"), { exact: true }).press("Enter");
      await expect(dialog).toBeHidden({ timeout: 15_000 });
    });

    await test.step("the YAML in the editor follows, and the live check accepts it", async () => {
      const text = await composeText(page);
      expect(text).toContain("services:\n  web:\n");
      expect(text).toContain(`image: ${image}`);
      expect(text).toContain("command: sleep 1d");
      expect(text).toContain("replicas: 2");
      expect(text).not.toContain("ports:");
      expect(text).toContain("GREETING: hello");
      expect(text).toContain("memory: 64M");
      await expect(page.locator(".cm-content")).toContainText("GREETING: hello");
      await expect(page.getByTestId("compose-preview")).toContainText(m(loc, "composePreview.ok", { count: 1 }), { timeout: 20_000 });
      // the service is now the one to edit
      await expect(page.getByLabel(m(loc, "serviceform.pickService"), { exact: true })).toHaveValue("web");
    });

    await test.step("deploy; it runs 2 replicas", async () => {
      await page
        .getByRole("form", { name: m(loc, "deploy.deployLabel") })
        .getByRole("button", { name: m(loc, "deploy.deploy"), exact: true })
        .click();
      await expect(page).toHaveURL(/\/apps\/[^/?]+\?job=/, { timeout: 30_000 });
      appId = new URL(page.url()).pathname.split("/")[2];
      await expect.poll(() => runningReplicas(appId), { timeout: ENGINE_MS, intervals: [1000] }).toBe("2/2");
      await expect(page.getByText(m(loc, "servicesTable.replicasSr", { running: 2, desired: 2 })).first()).toBeVisible({ timeout: 30_000 });
    });

    await test.step("edit the service with the form (3 replicas), the rest of the file unchanged; redeploy", async () => {
      await page.goto(`/apps/${appId}#compose`);
      const form = page.getByRole("form", { name: m(loc, "deploy.redeployLabel") });
      const before = await composeText(page);
      await form.getByLabel(m(loc, "serviceform.pickService"), { exact: true }).selectOption("web");
      await form.getByRole("button", { name: m(loc, "serviceform.edit") }).click();
      const dialog = page.getByRole("dialog", { name: m(loc, "serviceform.titleEdit", { name: "web" }) });
      await expect(dialog).toBeVisible();
      // the form reads the file: the values written before are there
      await expect(dialog.getByRole("combobox", { name: m(loc, "serviceform.image") })).toHaveValue(image);
      await expect(dialog.getByLabel(m(loc, "serviceform.replicas"), { exact: true })).toHaveValue("2");
      await expect(dialog.getByLabel(m(loc, "serviceform.envName", { n: 1 }), { exact: true })).toHaveValue("GREETING");
      await expect(dialog.getByLabel(m(loc, "serviceform.limitsMemory"), { exact: true })).toHaveValue("64M");
      await dialog.getByLabel(m(loc, "serviceform.replicas"), { exact: true }).fill("3");
      await dialog.getByLabel(m(loc, "serviceform.replicas"), { exact: true }).press("Enter");
      await expect(dialog).toBeHidden({ timeout: 15_000 });
      const after = await composeText(page);
      expect(after).toBe(before.replace("replicas: 2", "replicas: 3"));
      await expect(form.getByTestId("compose-preview")).toContainText(m(loc, "composePreview.replicas", { count: 3 }), { timeout: 20_000 });
      await page.screenshot({ path: `${shots}/edited.png`, fullPage: true });
      await form.getByRole("button", { name: m(loc, "deploy.redeploy"), exact: true }).click();
      await expect(page).toHaveURL(/\?job=/, { timeout: 30_000 });
      await expect.poll(() => runningReplicas(appId), { timeout: ENGINE_MS, intervals: [1000] }).toBe("3/3");
      await expect(page.getByText(m(loc, "servicesTable.replicasSr", { running: 3, desired: 3 })).first()).toBeVisible({ timeout: 30_000 });
    });

    await page.context().close();
    await removeApps();
  });
}
