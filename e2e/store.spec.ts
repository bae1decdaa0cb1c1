// App store in a real browser against a fresh production portal and the engine lab (lab1): browse
// the store (search, card, template page), deploy with the generated form (an inline error first,
// the compose preview with the answers), see the app running on its port, then upgrade it to the
// next version from the app page (diff shown) and see the new version answering.
// Needs the lab: it fails (never skips) when the engine does not answer.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { rancherCatalog, tarGz } from "../tests/support/catalog-archive";
import { stamp, signIn, tokenApi } from "./support/session";
import { LAB1, leaveSwarmQuietly, remove, addHost, removeApps, newEnvironment } from "./support/lab";

const ENGINE_MS = 90_000;
const templateName = `E2E page ${stamp}`;
const appName = `store-${stamp}`;

const compose = (tag: string) => `services:
  web:
    image: \${CAAS_REGISTRY}/official/busybox:latest
    command: ["sh", "-c", "mkdir -p /www && echo \\"${tag} $$PAGE_TEXT $$EXTRA\\" > /www/index.html && exec httpd -f -p 80 -h /www"]
    environment:
      PAGE_TEXT: \${PAGE_TEXT}
      EXTRA: \${EXTRA:-none}
    ports:
      - "80"
`;

test.describe.configure({ mode: "serial" });
let api: APIRequestContext;
let environmentId = "";
let templateId = "";
let hostId = "";

async function answering(port: number, text: string) {
  await expect
    .poll(
      async () => {
        const r = await api.get(`http://${LAB1.ip}:${port}/`, { timeout: 3000 }).catch(() => null);
        return r ? await r.text() : "";
      },
      { timeout: ENGINE_MS, intervals: [1000] },
    )
    .toContain(text);
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(5 * 60_000);
  api = await tokenApi(playwright, `store-e2e-${stamp}`);

  const info = await api.get(`http://${LAB1.ip}:2375/info`, { timeout: 10_000 });
  expect(info.ok(), "lab engine lab1 does not answer: is the lab up (npm run lab:up)?").toBeTruthy();
  if (((await info.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState !== "inactive")
    await api.post(`http://${LAB1.ip}:2375/swarm/leave?force=true`);
  // The lab's busybox, straight from the engine's image export, as official/busybox:latest.
  const saved = await api.get(`http://${LAB1.ip}:2375/images/lab%2Fbusybox:latest/get`, { timeout: 60_000 });
  expect(saved.ok()).toBeTruthy();
  const imp = await api.post("/api/v1/images/import?name=busybox&tag=latest", { headers: { "content-type": "application/x-tar" }, data: await saved.body() });
  expect(imp.status(), await imp.text()).toBe(201);

  ({ environmentId } = await newEnvironment(api, {
    tenant: { name: `Store ${stamp}`, slug: `store-${stamp}` },
    name: `store-${stamp}`,
    portRange: { from: 31700, to: 31749 },
  }));
  hostId = await addHost(api, environmentId, LAB1);

  const questions = [{ variable: "PAGE_TEXT", label: "Page text", type: "string", required: true }];
  const tpl = await api.post("/api/v1/templates", {
    data: {
      name: templateName,
      scope: "official",
      category: "Web server",
      description: "A page for the e2e test",
      version: { version: "1.0.0", compose: compose("one"), questions },
    },
  });
  expect(tpl.status(), await tpl.text()).toBe(201);
  templateId = ((await tpl.json()) as { id: string }).id;
  const v2 = await api.post(`/api/v1/templates/${templateId}/versions`, {
    data: {
      version: "2.0.0",
      compose: compose("two"),
      questions: [...questions, { variable: "EXTRA", label: "Extra words", type: "string", default: "more" }],
    },
  });
  expect(v2.status(), await v2.text()).toBe(201);
  // Version 1 first: the browser deploys it, then upgrades.
});

test.afterAll(async () => {
  test.setTimeout(4 * 60_000);
  if (!api) return;
  if (environmentId) await removeApps(api, environmentId, ENGINE_MS);
  if (hostId) await remove(api, `/api/v1/hosts/${hostId}`, 120_000);
  await leaveSwarmQuietly(api, LAB1.ip);
  if (templateId) await api.delete(`/api/v1/templates/${templateId}`);
  await api.dispose();
});

test("browse the store, deploy with the generated form, see it running, upgrade", async ({ page }) => {
  test.setTimeout(8 * 60_000);
  await signIn(page);

  await test.step("browse: search and category narrow the cards; the card opens the template", async () => {
    await page.goto("/templates");
    await expect(page.getByRole("heading", { level: 1, name: "App store" })).toBeVisible();
    const cards = page.getByRole("list", { name: "Templates" });
    await expect(cards.getByRole("link", { name: "Redis" })).toBeVisible();
    const search = page.getByRole("search", { name: "Search the store" });
    await search.getByLabel("Search templates").fill(stamp);
    await search.getByLabel("Category").selectOption("Web server");
    await search.getByRole("button", { name: "Search" }).click();
    await expect(cards.getByRole("link")).toHaveCount(1);
    await cards.getByRole("link", { name: templateName }).click();
    await expect(page.getByRole("heading", { level: 1, name: templateName })).toBeVisible();
    await expect(page.getByRole("list", { name: "Versions" })).toContainText("2.0.0");
  });

  await test.step("import a Rancher catalog archive from the store page: the per-version report", async () => {
    await page.goto("/templates");
    await page.getByText("Import a Rancher catalog as official templates").click();
    const form = page.getByRole("form", { name: "Import a catalog" });
    await form.getByLabel("Rancher catalog archive").setInputFiles({ name: "catalog.tar.gz", mimeType: "application/gzip", buffer: tarGz(rancherCatalog()) });
    await form.getByRole("button", { name: "Import" }).click();
    await expect(form.getByRole("status")).toHaveText("1 template imported");
    await expect(form.getByRole("list", { name: "Import report" })).toContainText("Webby 2.0.0: imported");
    await page.goto(`/templates/${templateId}`);
  });

  await test.step("deploy: an inline error first, then the compose preview with the answer, then it runs", async () => {
    const form = page.getByRole("form", { name: "Deploy this template" });
    await form.getByLabel("Version").selectOption("1.0.0");
    // this spec's environment (the admin sees every environment other specs left)
    await form.getByLabel("Environment", { exact: true }).selectOption(environmentId);
    await form.getByLabel("App name").fill(appName);
    await form.getByRole("button", { name: "Deploy" }).click();
    await expect(form.getByText('"Page text" is required')).toBeVisible();
    await form.getByLabel("Page text *").fill(`hello-${stamp}`);
    await form.getByText("Compose file with your answers").click();
    await expect(form.getByLabel("Compose file with your answers")).toContainText(`PAGE_TEXT: hello-${stamp}`);
    await form.getByRole("button", { name: "Deploy" }).click();
    await expect(page).toHaveURL(/\/apps\/[^/?]+\?job=/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: appName })).toBeVisible();
    const appId = /\/apps\/([^/?]+)/.exec(page.url())![1];
    await expect
      .poll(async () => ((await (await api.get(`/api/v1/apps/${appId}`)).json()) as { status: string }).status, { timeout: ENGINE_MS })
      .toBe("running");
    const app = (await (await api.get(`/api/v1/apps/${appId}`)).json()) as { services: { ports: { published: number }[] }[] };
    await answering(app.services[0].ports[0].published, `one hello-${stamp}`);
    await page.reload();
    await expect(page.getByTestId("app-template")).toContainText("upgrade available: 2.0.0");
  });

  await test.step("upgrade: the diff and the new question, then version 2 answers", async () => {
    await page.getByTestId("app-template").getByRole("link", { name: "Review the upgrade" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Upgrade" })).toBeVisible();
    await expect(page.getByText("New questions: Extra words")).toBeVisible();
    await expect(page.getByText("added:").first()).toBeAttached();
    const form = page.getByRole("form", { name: "Upgrade to 2.0.0" });
    await expect(form.getByLabel("Page text *")).toHaveValue(`hello-${stamp}`);
    await form.getByLabel("Extra words").fill("upgraded");
    await form.getByRole("button", { name: "Upgrade to 2.0.0" }).click();
    await expect(page).toHaveURL(/\/apps\/[^/?]+\?job=/, { timeout: 30_000 });
    const appId = /\/apps\/([^/?]+)/.exec(page.url())![1];
    await expect
      .poll(async () => (await (await api.get(`/api/v1/apps/${appId}`)).json()) as { revision: number; status: string }, { timeout: ENGINE_MS })
      .toMatchObject({ revision: 2, status: "running" });
    const app = (await (await api.get(`/api/v1/apps/${appId}`)).json()) as { services: { ports: { published: number }[] }[] };
    await answering(app.services[0].ports[0].published, `two hello-${stamp} upgraded`);
    await page.reload();
    await expect(page.getByTestId("app-template")).toContainText("version 2.0.0");
  });
});
