// Issue 11 item 4, the add/edit service form beside the Compose editor, in Chromium once in Chinese
// and once in English (the browser's language): on the deploy page the form adds a service (image
// picked from the registry autocomplete, a command, 2 replicas, no port (a row added then removed), an
// environment variable, a memory limit) after refusing bad input with messages under their fields
// in the page's language; the YAML in the editor follows; the app deploys and runs; on the app's
// page the form edits that service (3 replicas) and the redeploy runs 3 tasks. Uses lab3 alone and
// releases it (apps, then the host, then the swarm).
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { LOCALES, m, newPage, signIn } from "./support/i18n";
import { stamp, tokenApi } from "./support/session";
import { LAB3, leaveSwarm, leaveSwarmQuietly, addHost, removeApps, removeHosts, newEnvironment } from "./support/lab";

const ENGINE_MS = 120_000;

test.describe.configure({ mode: "serial" });
let api: APIRequestContext;
let environmentId = "";
let adminLocale: string | null = null;

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(4 * 60_000);
  api = await tokenApi(playwright, `serviceform-e2e-${stamp}`);
  // The browser's language decides: no saved language for the admin while this spec runs.
  adminLocale = ((await (await api.get("/api/v1/me/preferences")).json()) as { locale: string | null }).locale;
  expect((await api.put("/api/v1/me/preferences", { data: { locale: null } })).status()).toBe(200);
  await leaveSwarm(api, LAB3.ip);
  // The lab's busybox as official/busybox:latest: an image every tenant may pull (the autocomplete's).
  const saved = await api.get(`http://${LAB3.ip}:2375/images/lab%2Fbusybox:latest/get`, { timeout: 60_000 });
  expect(saved.ok()).toBeTruthy();
  const imp = await api.post("/api/v1/images/import?name=busybox&tag=latest", { headers: { "content-type": "application/x-tar" }, data: await saved.body() });
  expect(imp.status(), await imp.text()).toBe(201);
  ({ environmentId } = await newEnvironment(api, {
    tenant: { name: `Form ${stamp}`, slug: `form-${stamp}` },
    name: `form-${stamp}`,
    portRange: { from: 31850, to: 31869 },
  }));
  await addHost(api, environmentId, LAB3);
});

test.afterAll(async () => {
  test.setTimeout(5 * 60_000);
  if (!api) return;
  if (environmentId) {
    await removeApps(api, environmentId, ENGINE_MS);
    await removeHosts(api, environmentId, 120_000);
  }
  await leaveSwarmQuietly(api, LAB3.ip);
  await api.put("/api/v1/me/preferences", { data: { locale: adminLocale } }).catch(() => undefined);
  await api.dispose();
});

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
    const page = await newPage(browser, loc);
    await signIn(page, loc);
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
    await removeApps(api, environmentId, ENGINE_MS);
  });
}
