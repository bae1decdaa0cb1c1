// The environment page in tabs and its Resources tab (issue 11 items 5 and 7), in both languages:
// the tabs are links (?tab= survives a reload), the keyboard moves between them (←/→, Enter), and
// a tenant owner removes an unused volume (Chinese) and an unused network (English) from the
// Resources tab. The unused objects are made as a failed deploy would leave them: the portal's
// labels on the lab engine, no app. Setup and cleanup by REST; needs the lab's first engine.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createTranslator } from "next-intl";
import fs from "node:fs";
import { ORIGIN, ADMIN, stamp } from "./support/session";
import { LAB1, addHost } from "./support/lab";

// Read, not imported: Playwright loads specs as ES modules, where JSON needs import attributes.
const catalog = (locale: string, area: string) => JSON.parse(fs.readFileSync(new URL(`../messages/${locale}/${area}.json`, import.meta.url), "utf8"));
const en = catalog("en", "resources") as Record<string, unknown>;
const zh = catalog("zh-CN", "resources") as Record<string, unknown>;
const zhCore = catalog("zh-CN", "core") as { environment: { deployApp: string; apps: string } };

const ENGINE = `http://${LAB1.ip}:2375`;
const OWNER = { email: `res-owner-${stamp}@example.test`, password: "owner-password-1" };
const VOLUME = `caas_gone${stamp}_data`;
const NETWORK = `caas-gone${stamp}`;

test.describe.configure({ mode: "serial" });
let admin: APIRequestContext;
let owner: APIRequestContext;
let environmentId = "";
let tenantId = "";

type Loc = { locale: "en" | "zh-CN"; messages: Record<string, unknown> };
const EN: Loc = { locale: "en", messages: en };
const ZH: Loc = { locale: "zh-CN", messages: zh };
const m = (loc: Loc, key: string, params?: Record<string, string | number>) =>
  (createTranslator({ locale: loc.locale, messages: loc.messages }) as unknown as (k: string, p?: Record<string, string | number>) => string)(key, params);

async function tokenContext(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, email: string, password: string) {
  const anon = await playwright.request.newContext({ baseURL: ORIGIN });
  const t = await anon.post("/api/v1/tokens", { data: { email, password, name: `resources-e2e-${stamp}` } });
  expect(t.status(), await t.text()).toBe(201);
  const { token } = (await t.json()) as { token: string };
  await anon.dispose();
  return playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

async function signIn(page: Page) {
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.locator('form[data-ready="true"]');
  await form.locator('input[name="email"]').fill(OWNER.email);
  await form.locator('input[name="password"]').fill(OWNER.password);
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId("dashboard")).toBeVisible();
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(3 * 60_000);
  admin = await tokenContext(playwright, ADMIN.email, ADMIN.password);
  const info = await admin.get(`${ENGINE}/info`, { timeout: 10_000 });
  expect(info.ok(), `lab engine ${LAB1.ip} does not answer: is the lab up (npm run lab:up)?`).toBeTruthy();
  if (((await info.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState !== "inactive") await admin.post(`${ENGINE}/swarm/leave?force=true`);
  const tenant = await admin.post("/api/v1/tenants", { data: { name: `Res ${stamp}`, slug: `res-${stamp}` } });
  tenantId = ((await tenant.json()) as { id: string }).id;
  const u = await admin.post("/api/v1/users", { data: { email: OWNER.email, name: `res-owner-${stamp}`, password: OWNER.password } });
  expect(u.status(), await u.text()).toBe(201);
  const mem = await admin.post(`/api/v1/tenants/${tenantId}/members`, { data: { userId: ((await u.json()) as { id: string }).id, role: "owner" } });
  expect(mem.status()).toBe(201);
  const env = await admin.post("/api/v1/environments", { data: { tenantId, name: `res-${stamp}`, portRange: { from: 31700, to: 31749 } } });
  environmentId = ((await env.json()) as { id: string }).id;
  await addHost(admin, environmentId, LAB1);
  // What a deleted app leaves behind: a volume and a network with the portal's labels.
  const labels = { "caas.tenant": tenantId, "caas.environment": environmentId, "caas.app": `gone${stamp}` };
  expect((await admin.post(`${ENGINE}/volumes/create`, { data: { Name: VOLUME, Labels: labels } })).ok()).toBeTruthy();
  expect((await admin.post(`${ENGINE}/networks/create`, { data: { Name: NETWORK, Driver: "overlay", Labels: labels } })).ok()).toBeTruthy();
  owner = await tokenContext(playwright, OWNER.email, OWNER.password);
});

test.afterAll(async () => {
  test.setTimeout(3 * 60_000);
  if (owner) await owner.dispose();
  if (!admin) return;
  if (environmentId) {
    const hosts = (await (await admin.get(`/api/v1/environments/${environmentId}/hosts`)).json()) as { items?: { id: string }[] };
    for (const h of hosts.items ?? []) {
      const r = await admin.delete(`/api/v1/hosts/${h.id}`);
      if (r.status() === 202) {
        const jobId = ((await r.json()) as { jobId: string }).jobId;
        await expect
          .poll(async () => ((await (await admin.get(`/api/v1/jobs/${jobId}`)).json()) as { status: string }).status, { timeout: 120_000 })
          .toMatch(/succeeded|failed/);
      }
    }
    await admin.delete(`/api/v1/environments/${environmentId}`);
  }
  await admin.post(`${ENGINE}/swarm/leave?force=true`).catch(() => undefined);
  await admin.delete(`${ENGINE}/volumes/${VOLUME}?force=true`).catch(() => undefined);
  await admin.dispose();
});

async function useLanguage(page: Page, loc: Loc) {
  expect((await owner.put("/api/v1/me/preferences", { data: { locale: loc.locale } })).status()).toBe(200);
  await signIn(page);
}

async function removeRow(page: Page, loc: Loc, kind: "volumes" | "networks", name: string, aria: string) {
  const table = page.getByRole("table", { name: m(loc, `resources.${kind}.caption`) });
  const row = table.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(m(loc, "resources.unused"));
  await expect(row).toContainText(m(loc, "resources.appGone"));
  await row.getByRole("button", { name: aria }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: m(loc, "resources.remove") }).click();
  // the page re-renders without the row (the dialog goes with it; while it is open the rest of
  // the page is hidden from the accessibility tree, so wait for it to go first)
  await expect(dialog).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByRole("tabpanel").getByRole("row").filter({ hasText: name })).toHaveCount(0, { timeout: 30_000 });
}

test("zh-CN: the tabs are links and keyboard-driven; an unused volume is removed from the Resources tab", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await useLanguage(page, ZH);
  await page.goto(`/environments/${environmentId}`);
  const tabs = page.getByRole("tablist", { name: m(ZH, "environmentTabs.label") });
  await expect(tabs.getByRole("tab")).toHaveText(["overview", "hosts", "apps", "resources", "settings", "danger"].map((k) => m(ZH, `environmentTabs.${k}`)));
  const overview = tabs.getByRole("tab", { name: m(ZH, "environmentTabs.overview") });
  await expect(overview).toHaveAttribute("aria-selected", "true");
  // the sticky header keeps the main actions on every tab
  await expect(page.getByRole("link", { name: zhCore.environment.deployApp })).toBeVisible();

  // keyboard: focus the active tab, → twice moves to "apps", Enter opens it
  await overview.focus();
  await page.keyboard.press("ArrowRight");
  await expect(tabs.getByRole("tab", { name: m(ZH, "environmentTabs.hosts") })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\?tab=apps$/);
  const apps = tabs.getByRole("tab", { name: m(ZH, "environmentTabs.apps") });
  await expect(apps).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel").getByRole("heading", { name: zhCore.environment.apps, exact: true })).toBeVisible();
  await apps.focus();
  await page.keyboard.press("End");
  await expect(tabs.getByRole("tab", { name: m(ZH, "environmentTabs.danger") })).toBeFocused();

  await tabs.getByRole("tab", { name: m(ZH, "environmentTabs.resources") }).click();
  await expect(page).toHaveURL(/\?tab=resources$/);
  await page.reload();
  await expect(tabs.getByRole("tab", { name: m(ZH, "environmentTabs.resources") })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel").getByRole("heading", { name: m(ZH, "resources.volumes.title"), exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: m(ZH, "resources.images.title") })).toBeVisible();
  await page.screenshot({ path: `test-results/i18n/zh-CN/environment-resources.png`, fullPage: true });
  await removeRow(page, ZH, "volumes", VOLUME, m(ZH, "resources.volumes.removeAria", { name: VOLUME, host: LAB1.name }));
  const left = (await (await owner.get(`/api/v1/environments/${environmentId}/volumes`)).json()) as { items: { name: string }[] };
  expect(left.items.map((v) => v.name)).not.toContain(VOLUME);
});

test("en: an unused network is removed; a link with ?tab= opens that tab", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await useLanguage(page, EN);
  await page.goto(`/environments/${environmentId}?tab=resources`);
  await expect(page.getByRole("tab", { name: m(EN, "environmentTabs.resources") })).toHaveAttribute("aria-selected", "true");
  await page.screenshot({ path: `test-results/i18n/en/environment-resources.png`, fullPage: true });
  await removeRow(page, EN, "networks", NETWORK, m(EN, "resources.networks.removeAria", { name: NETWORK }));
  const nets = (await (await owner.get(`/api/v1/environments/${environmentId}/networks`)).json()) as { items: { name: string }[] };
  expect(nets.items.map((n) => n.name)).not.toContain(NETWORK);
  // an unknown tab falls back to the overview
  await page.goto(`/environments/${environmentId}?tab=nope`);
  await expect(page.getByRole("tab", { name: m(EN, "environmentTabs.overview") })).toHaveAttribute("aria-selected", "true");
});
