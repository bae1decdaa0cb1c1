// Hosts (issues 11 and 15) in a real browser at a 1440×900 screen against a fresh production portal
// and the shared engine lab: the environment's hosts table fits without horizontal scrolling (it was
// clipped at 1440 px: the last columns, with the owner's buttons, sat behind a scrollbar); each
// host name opens the host page, which shows the engine, the host's own usage and its labels, and
// an owner edits the labels there (the engine node's labels) and renames the host.
// Needs the lab (it fails, never skips, when lab1 does not answer); leaves lab1 without a swarm.
import { expect, test, type APIRequestContext } from "@playwright/test";

const ORIGIN = "http://127.0.0.1:3100";
const ADMIN = { email: "admin@example.test", password: "admin-password-1" };
const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
const LAB1 = { name: "lab1", ip: "10.77.0.11", endpoint: "tcp://10.77.0.11:2375" };

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 900 } });
let api: APIRequestContext;
let environmentId = "";
let hostId = "";

async function swarmState(ip: string): Promise<string> {
  const r = await api.get(`http://${ip}:2375/info`, { timeout: 10_000 });
  expect(r.ok(), `lab engine ${ip} does not answer: is the lab up (npm run lab:up)?`).toBeTruthy();
  return ((await r.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState;
}

test.beforeAll(async ({ playwright }) => {
  const anon = await playwright.request.newContext({ baseURL: ORIGIN });
  const t = await anon.post("/api/v1/tokens", { data: { email: ADMIN.email, password: ADMIN.password, name: `hosts-e2e-${stamp}` } });
  expect(t.status()).toBe(201);
  const { token } = (await t.json()) as { token: string };
  await anon.dispose();
  api = await playwright.request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  if ((await swarmState(LAB1.ip)) !== "inactive") await api.post(`http://${LAB1.ip}:2375/swarm/leave?force=true`);
  const tenant = await api.post("/api/v1/tenants", { data: { name: `Hosts ${stamp}`, slug: `hosts-${stamp}` } });
  expect(tenant.status()).toBe(201);
  const env = await api.post("/api/v1/environments", {
    data: { tenantId: ((await tenant.json()) as { id: string }).id, name: `hosts-${stamp}`, portRange: { from: 31600, to: 31649 } },
  });
  expect(env.status()).toBe(201);
  environmentId = ((await env.json()) as { id: string }).id;
  const h = await api.post(`/api/v1/environments/${environmentId}/hosts`, { data: { name: "lab1-with-a-rather-long-name", endpoint: LAB1.endpoint } });
  expect(h.status(), await h.text()).toBe(201);
  hostId = ((await h.json()) as { id: string }).id;
});

test.afterAll(async () => {
  test.setTimeout(3 * 60_000);
  if (!api) return;
  if (hostId) {
    await api.delete(`/api/v1/hosts/${hostId}`);
    await expect.poll(async () => (await api.get(`/api/v1/hosts/${hostId}`)).status(), { timeout: 120_000, intervals: [1000] }).toBe(404);
  }
  if ((await swarmState(LAB1.ip).catch(() => "unknown")) !== "inactive") await api.post(`http://${LAB1.ip}:2375/swarm/leave?force=true`).catch(() => undefined);
  await api.dispose();
});

test("the hosts table fits a 1440 px screen, and a host name opens the host page with usage and labels", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(ADMIN.email);
  await form.getByLabel("Password").fill(ADMIN.password);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await page.goto(`/environments/${environmentId}?tab=hosts`);
  const table = page.getByRole("table", { name: "Hosts" });
  await expect(table.getByRole("row").filter({ hasText: LAB1.endpoint })).toContainText("ready");
  // every column, the owner's buttons included, is visible without scrolling the table
  const box = await table.evaluate((t) => {
    const scroller = t.parentElement!;
    return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
  });
  expect(box.scrollWidth, JSON.stringify(box)).toBeLessThanOrEqual(box.clientWidth);
  await expect(table.getByRole("button", { name: /Remove host/ })).toBeInViewport();

  await table.getByRole("link", { name: /lab1-with-a-rather-long-name/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "lab1-with-a-rather-long-name" })).toBeVisible();
  // the first visit starts a probe on the host; its reading shows on a later visit
  const usage = page.getByTestId("host-usage");
  await expect(async () => {
    await page.reload();
    await expect(usage).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(usage).toContainText("CPU");
  await expect(usage).toContainText("%");
  await expect(page.getByText("Engine version")).toBeVisible();
  await expect(page.getByRole("img", { name: "CPU %" }).or(page.getByText("Not enough readings yet").first())).toBeVisible();

  const labels = page.getByRole("form", { name: "Labels" });
  await labels.getByLabel(/Labels \(one key=value per line\)/).fill("zone=e2e\ntier=web");
  await labels.getByRole("button", { name: "Save labels" }).click();
  await expect(page.getByRole("status").getByText("Labels saved")).toBeVisible();
  await expect(page.getByRole("list", { name: "Labels" })).toContainText("zone=e2e");
  const node = (await (await api.get(`/api/v1/hosts/${hostId}`)).json()) as { labels: Record<string, string> };
  expect(node.labels).toEqual({ zone: "e2e", tier: "web" });

  const rename = page.getByRole("form", { name: "Rename" });
  await rename.getByLabel("Name").fill("lab1-renamed");
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "lab1-renamed" })).toBeVisible();
  await page.screenshot({ path: "/tmp/host-page.png", fullPage: true });
});
