// Issue 16 in the browser: a tenant with no hosts of its own deploys to a shared environment (set up
// by the admin over REST, on lab host 1) from the UI and sees its quota use change on the tenant page.
// Needs the lab: it fails (never skips) when the engine does not answer.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { stamp, signIn, tokenApi } from "./support/session";
import { LAB1, leaveSwarm, leaveSwarmQuietly, waitJob, remove, addHost } from "./support/lab";

const USER = { email: `shared-${stamp}@example.test`, password: "password-shared-1", name: "Shared User" };
const COMPOSE = `services:
  sleeper:
    image: lab/busybox:latest
    command: ["sh", "-c", "sleep 100000"]
    deploy:
      replicas: 2
      resources: { limits: { cpus: "0.25", memory: 16M } }
`;

test.describe.configure({ mode: "serial" });
let api: APIRequestContext;
let tenantId = "";
let environmentId = "";
let hostId = "";
let appId = "";

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(4 * 60_000);
  api = await tokenApi(playwright, `shared-e2e-${stamp}`);
  await leaveSwarm(api, LAB1.ip);
  const tenant = await api.post("/api/v1/tenants", { data: { name: `Shared ${stamp}`, slug: `shared-${stamp}` } });
  tenantId = ((await tenant.json()) as { id: string }).id;
  const user = await api.post("/api/v1/users", { data: USER });
  expect(user.status(), await user.text()).toBe(201);
  const m = await api.post(`/api/v1/tenants/${tenantId}/members`, { data: { userId: ((await user.json()) as { id: string }).id, role: "owner" } });
  expect(m.status(), await m.text()).toBe(201);
  expect((await api.put(`/api/v1/tenants/${tenantId}/quota`, { data: { cpus: 2, replicas: 10 } })).status()).toBe(200);
  const env = await api.post("/api/v1/environments", {
    data: { name: `shared-${stamp}`, shared: true, tenantIds: [tenantId], portRange: { from: 31700, to: 31799 } },
  });
  expect(env.status(), await env.text()).toBe(201);
  environmentId = ((await env.json()) as { id: string }).id;
  hostId = await addHost(api, environmentId, LAB1);
});

test.afterAll(async () => {
  test.setTimeout(4 * 60_000);
  if (!api) return;
  if (appId) await remove(api, `/api/v1/apps/${appId}`, 90_000);
  if (hostId) await remove(api, `/api/v1/hosts/${hostId}`, 90_000);
  await leaveSwarmQuietly(api, LAB1.ip);
  await api.dispose();
});

test("a tenant without hosts deploys to the shared environment and sees its quota use change", async ({ page }) => {
  test.setTimeout(4 * 60_000);
  await signIn(page, USER);
  await page.goto(`/tenants/${tenantId}`);
  const quota = page.getByRole("table", { name: "Quota" });
  await expect(quota).toBeVisible();
  await expect(page.getByTestId("quota-used-cpus")).toHaveText("0.0");
  await expect(page.getByTestId("quota-limit-cpus")).toHaveText("2.0");
  // the shared environment is listed among the tenant's environments
  await page.getByRole("link", { name: `shared-${stamp}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `shared-${stamp}` })).toBeVisible();
  await page.goto(`/environments/${environmentId}/apps/new`);
  const form = page.getByRole("form", { name: "Deploy app" });
  await form.getByLabel("App name").fill("sleeper");
  const editor = form.getByRole("textbox", { name: "Compose file" });
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(COMPOSE);
  await form.getByRole("button", { name: "Deploy", exact: true }).click();
  await page.waitForURL(/\/apps\/[^/?]+\?job=/, { timeout: 60_000 });
  appId = new URL(page.url()).pathname.split("/").pop()!;
  await page.goto(`/tenants/${tenantId}`);
  await expect(page.getByTestId("quota-used-cpus")).toHaveText("0.5");
  await expect(page.getByTestId("quota-used-replicas")).toHaveText("2");
});

test("the usage page shows the figures GET /usage answers, and exports them as CSV", async ({ page }) => {
  test.setTimeout(4 * 60_000);
  expect((await api.put("/api/v1/prices", { data: { items: [{ kind: "shared", cpuHour: 2, memoryGbHour: 1, currency: "CNY" }] } })).status()).toBe(200);
  // some samples, then stop the app so that the figures hold still while page and API are compared
  await expect
    .poll(async () => ((await (await api.get(`/api/v1/usage?tenantId=${tenantId}`)).json()) as { totals: { samples: number } }).totals.samples, {
      timeout: 90_000,
      intervals: [2000],
    })
    .toBeGreaterThanOrEqual(6);
  const stop = await api.post(`/api/v1/apps/${appId}/stop`);
  expect(stop.status()).toBe(202);
  const jobId = ((await stop.json()) as { jobId: string }).jobId;
  await waitJob(api, jobId, 90_000);
  const read = async () => (await (await api.get(`/api/v1/usage?tenantId=${tenantId}`)).json()) as { totals: Record<string, number> };
  await signIn(page, USER);
  await page.goto(`/tenants/${tenantId}`);
  await page.getByRole("link", { name: "Usage and cost" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Usage and cost" })).toBeVisible();
  // The page shows what GET /usage answers: compared when no sample landed between the two reads.
  await expect
    .poll(
      async () => {
        const before = await read();
        await page.reload();
        const shown = await Promise.all(["usage-total-cpu-used", "usage-total-mem-used", "usage-total-cost"].map((id) => page.getByTestId(id).textContent()));
        const after = await read();
        if (before.totals.samples !== after.totals.samples) return "moving";
        expect(after.totals.cpuHoursReserved).toBeGreaterThan(0);
        return shown.join(" | ") ===
          [after.totals.cpuHoursUsed.toFixed(6), after.totals.memGbHoursUsed.toFixed(6), `${after.totals.cost.toFixed(2)} CNY`].join(" | ")
          ? "same"
          : shown.join(" | ");
      },
      { timeout: 60_000, intervals: [3000] },
    )
    .toBe("same");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(csv as Buffer[]).toString("utf8");
  expect(text.startsWith("\uFEFFtenant,group,name,cpu_hours_used")).toBe(true);
  expect(text.trimEnd().split("\r\n").length).toBeGreaterThan(1);
});
