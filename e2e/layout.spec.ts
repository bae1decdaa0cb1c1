// Dense tables (issue 11 items 6, 7): at 1280×800 the main list pages — hosts, apps, containers —
// show every column, the actions included, without sideways scrolling (the images
// page's check is in e2e/images.spec.ts, where a pushed image has its publish form). Uses lab1 and
// releases it (app, host, swarm).
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, stamp, tokenApi } from "./support/session";
import { addHost, LAB1, leaveSwarm, leaveSwarmQuietly, newEnvironment, removeApps, removeHosts, waitJob } from "./support/lab";
import { expectTablesFit } from "./support/layout";

const COMPOSE = `services:
  a-service-with-a-rather-long-name:
    image: lab/busybox:latest
    command: ["sleep", "1d"]
`;

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1280, height: 800 } });
let api: APIRequestContext;
let environmentId = "";
let serviceId = "";

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(4 * 60_000);
  api = await tokenApi(playwright, `layout-e2e-${stamp}`);
  await leaveSwarm(api, LAB1.ip);
  ({ environmentId } = await newEnvironment(api, {
    tenant: { name: `Layout ${stamp}`, slug: `layout-${stamp}` },
    name: `layout-${stamp}`,
    portRange: { from: 31600, to: 31649 },
  }));
  await addHost(api, environmentId, { name: "lab1-with-a-rather-long-name", endpoint: LAB1.endpoint });
  const a = await api.post(`/api/v1/environments/${environmentId}/apps`, { data: { name: `an-app-with-a-long-name-${stamp}`, compose: COMPOSE } });
  expect(a.status(), await a.text()).toBe(202);
  const body = (await a.json()) as { app: { id: string }; jobId: string };
  await waitJob(api, body.jobId);
  serviceId = ((await (await api.get(`/api/v1/apps/${body.app.id}`)).json()) as { services: { id: string }[] }).services[0].id;
});

test.afterAll(async () => {
  test.setTimeout(4 * 60_000);
  if (!api) return;
  if (environmentId) {
    await removeApps(api, environmentId, 90_000);
    await removeHosts(api, environmentId, 120_000);
  }
  await leaveSwarmQuietly(api, LAB1.ip);
  await api.dispose();
});

test("at 1280×800 the hosts, apps and containers tables fit, actions included", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await signIn(page);
  for (const [url, table] of [
    [`/environments/${environmentId}?tab=hosts`, "Hosts"],
    [`/environments/${environmentId}?tab=apps`, "Apps"],
    ["/apps", `Apps in layout-${stamp}`],
    [`/services/${serviceId}`, "Containers"],
  ]) {
    await test.step(url, async () => {
      await page.goto(url);
      await expect(page.getByRole("table", { name: table })).toBeVisible();
      await expect(page.getByRole("table", { name: table }).getByRole("row")).not.toHaveCount(1);
      await expectTablesFit(page);
    });
  }
});
