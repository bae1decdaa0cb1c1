// Orchestration flow in a real browser against a fresh production portal and the shared engine lab
// (scripts/lab/up.sh: engines at 10.77.0.11-13). An admin adds a host through the Add-host dialog,
// deploys a Compose app from the deploy page and watches it converge, opens the port link, is
// refused a privileged compose with the rule and key path shown inline, scales the service, then
// deletes the app and removes the hosts so the lab engines leave the swarm.
// Needs the lab: it fails (never skips) when the engines do not answer. Run it only while the lab is
// free (the lead creates /tmp/caas-lab-free): it creates and dissolves swarms on lab1 and lab2.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { stamp, signIn, tokenApi, toasts } from "./support/session";
import { LAB1, LAB2, swarmState, leaveSwarm, leaveSwarmQuietly, addHost, newEnvironment } from "./support/lab";

// Host-mode published ports (the lab kernel has no IPVS, so no ingress mesh) allow one task per
// node and port: the second replica of a port-publishing service needs a second node.
const appName = `hello-${stamp}`;
const ENGINE_MS = 90_000;

const HELLO_COMPOSE = `services:
  web:
    image: lab/busybox:latest
    command: ["sh", "-c", "echo hello-from-caas > /var/www/index.html && exec httpd -f -p 80 -h /var/www"]
    deploy:
      replicas: 2
    ports:
      - "80"
`;
const PRIVILEGED_COMPOSE = `services:
  web:
    image: lab/busybox:latest
    privileged: true
`;

const shoot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`orch-${name}.png`), fullPage: true });

test.describe.configure({ mode: "serial" });
let api: APIRequestContext; // admin, by API token: setup and cleanup without the browser
let environmentId = "";
let appId = "";
let touchedLab = false;

async function untilGone(path: string, timeoutMs = ENGINE_MS): Promise<void> {
  await expect.poll(async () => (await api.get(path)).status(), { timeout: timeoutMs, intervals: [1000] }).toBe(404);
}

test.beforeAll(async ({ playwright }) => {
  api = await tokenApi(playwright, `orch-e2e-${stamp}`);

  // The lab must answer, and an aborted earlier run must not have left our two engines in a swarm.
  for (const h of [LAB1, LAB2]) {
    await leaveSwarm(api, h.ip);
  }
  ({ environmentId } = await newEnvironment(api, {
    tenant: { name: `Orch ${stamp}`, slug: `orch-${stamp}` },
    name: `lab-${stamp}`,
    portRange: { from: 31500, to: 31599 },
  }));
});

// Whatever happened above: no app left, no host left, and no lab engine we used still in a swarm.
test.afterAll(async () => {
  test.setTimeout(6 * 60_000);
  if (!api) return;
  if (environmentId) {
    const apps = (await (await api.get(`/api/v1/environments/${environmentId}/apps`)).json()) as { items?: { id: string; status: string }[] };
    for (const a of apps.items ?? []) {
      if (a.status !== "deleting") await api.delete(`/api/v1/apps/${a.id}`);
      await untilGone(`/api/v1/apps/${a.id}`).catch(() => undefined);
    }
    const hosts = (await (await api.get(`/api/v1/environments/${environmentId}/hosts`)).json()) as {
      items?: { id: string; status: string; swarmRole: string }[];
    };
    // Workers first: the last manager can only leave once nobody else needs it.
    const order = [...(hosts.items ?? [])].sort((a, b) => (a.swarmRole === "worker" ? -1 : 0) - (b.swarmRole === "worker" ? -1 : 0));
    for (const h of order) {
      if (h.status !== "removing") await api.delete(`/api/v1/hosts/${h.id}`);
      await untilGone(`/api/v1/hosts/${h.id}`, 120_000).catch(() => undefined);
    }
  }
  if (touchedLab) {
    for (const h of [LAB1, LAB2]) {
      const state = await swarmState(api, h.ip).catch(() => "unknown");
      if (state !== "inactive") await leaveSwarmQuietly(api, h.ip);
    }
  }
  await api.dispose();
});

test("admin adds a host, deploys an app, is refused a privileged one, scales, deletes and removes the hosts", async ({ page }) => {
  test.setTimeout(8 * 60_000);
  await signIn(page);
  await page.goto(`/environments/${environmentId}?tab=apps`);
  await expect(page.getByText("No apps yet")).toBeVisible();
  await page.getByRole("tab", { name: "Hosts" }).click();
  await expect(page.getByText("No hosts yet")).toBeVisible();

  await test.step("add lab1 through the Add-host dialog; it creates the swarm", async () => {
    touchedLab = true;
    await page.getByRole("button", { name: "Add host", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Add host", exact: true });
    await dialog.getByLabel("Name", { exact: true }).fill(LAB1.name);
    await dialog.getByLabel("Endpoint").fill(LAB1.endpoint);
    await dialog.getByRole("button", { name: "Add host", exact: true }).click();
    await expect(toasts(page).getByText("Host added")).toBeVisible({ timeout: 60_000 });
    const row = page.getByRole("table", { name: "Hosts" }).getByRole("row").filter({ hasText: LAB1.endpoint });
    await expect(row).toContainText("ready");
    await expect(row).toContainText("manager");
    await expect(row).toContainText(LAB1.ip);
    // The second node, by REST for speed (see LAB2): it joins lab1's swarm as a worker.
    await addHost(api, environmentId, LAB2);
    await expect(page.getByRole("table", { name: "Hosts" }).getByRole("row").filter({ hasText: LAB2.endpoint })).toContainText("worker", { timeout: 20_000 });
    await shoot(page, "environment-hosts");
  });

  await test.step("deploy from the deploy page and watch it converge", async () => {
    await page.getByRole("link", { name: "Deploy app" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Deploy app" })).toBeVisible();
    const form = page.getByRole("form", { name: "Deploy app" });
    // The CodeMirror editor: Tab leaves it (no keyboard trap); Ctrl+] indents.
    const editor = form.getByRole("textbox", { name: "Compose file", exact: true });
    await editor.focus();
    await editor.press("Tab");
    await expect(editor).not.toBeFocused();

    await form.getByLabel("App name").fill(appName);
    await editor.fill(HELLO_COMPOSE);
    // Checked as typed: the preview beside the editor shows what would be deployed.
    await expect(form.getByTestId("compose-preview")).toContainText("Ready to deploy: 1 service.", { timeout: 15_000 });
    await expect(form.getByTestId("compose-preview")).toContainText("2 replicas");
    await form.getByRole("button", { name: "Deploy" }).click();
    await expect(page).toHaveURL(/\/apps\/[^/?]+\?job=/);
    appId = new URL(page.url()).pathname.split("/")[2];
    await expect(page.getByRole("heading", { level: 1, name: appName })).toBeVisible();
    const progress = page.getByRole("region", { name: "Deploy progress" });
    await expect(progress.getByRole("progressbar")).toBeVisible();
    await shoot(page, "app-deploying");
    await expect(progress).toContainText("Healthy", { timeout: ENGINE_MS });
    const web = page.getByRole("table", { name: "Services" }).getByRole("row").filter({ hasText: "lab/busybox:latest" });
    await expect(web.getByText("2 of 2 replicas running")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("2/2 replicas running in 1 service")).toBeVisible();

    const link = web.getByRole("link", { name: /^http:\/\/10\.77\.0\.1[1-3]:315\d\d$/ });
    await expect(link).toBeVisible({ timeout: 30_000 });
    const href = (await link.getAttribute("href"))!;
    await expect
      .poll(
        async () =>
          await page.request
            .get(href, { timeout: 5_000 })
            .then((r) => r.text())
            .catch(() => ""),
        { timeout: 30_000 },
      )
      .toContain("hello");
    await expect(page.getByRole("table", { name: "Revisions" })).toContainText("#1");
    await shoot(page, "app-running");
  });

  await test.step("a privileged compose is refused with its rule and key path, inline", async () => {
    await page.goto(`/environments/${environmentId}/apps/new`);
    const form = page.getByRole("form", { name: "Deploy app" });
    const editor = form.getByRole("textbox", { name: "Compose file", exact: true });
    await form.getByLabel("App name").fill(`bad-${stamp}`);
    await editor.fill(PRIVILEGED_COMPOSE);
    // Underlined at its line as typed, before any submit.
    await expect(form.locator(".cm-lintRange-error")).toHaveCount(1, { timeout: 15_000 });
    await expect(form.getByTestId("compose-preview")).toContainText("privileged");
    await form.getByRole("button", { name: "Deploy" }).click();
    await expect(form.getByRole("alert")).toContainText("security rule");
    const problems = form.getByRole("list", { name: "Problems in the compose file" });
    await expect(problems).toContainText("services.web.privileged");
    await expect(problems).toContainText("rule: privileged");
    // Focus lands on the rejected editor; each path button puts the cursor on its line.
    await expect(editor).toBeFocused();
    await problems.getByRole("button", { name: "Go to services.web.privileged" }).click();
    await expect(editor).toBeFocused();
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? "")).toContain("privileged: true");
    await shoot(page, "deploy-policy-error");
    const apps = (await (await api.get(`/api/v1/environments/${environmentId}/apps`)).json()) as { items: { name: string }[] };
    expect(apps.items.map((a) => a.name)).toEqual([appName]);
  });

  await test.step("scale the service down from its page", async () => {
    await page.goto(`/apps/${appId}`);
    await page.getByRole("table", { name: "Services" }).getByRole("link", { name: "web", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "web" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Containers" }).getByRole("row").filter({ hasText: "running" })).toHaveCount(2);
    const form = page.getByRole("form", { name: "Scale service" });
    await form.getByRole("button", { name: "One replica less" }).click();
    await expect(form.getByLabel("Desired replicas")).toHaveValue("1");
    await form.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("1 of 1 replicas running")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("list", { name: "Service events, newest first" })).toContainText("Scaled from 2 to 1");
    await shoot(page, "service");
  });

  await test.step("delete the app and wait until it is gone", async () => {
    await page.goto(`/apps/${appId}`);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${appName}?` });
    await dialog.getByRole("textbox").fill(appName);
    await dialog.getByRole("button", { name: "Delete app" }).click();
    await expect(page).toHaveURL(new RegExp(`/environments/${environmentId}$`));
    await page.getByRole("tab", { name: "Apps" }).click();
    // The environment page follows the deletion live (fast polling while the app is "deleting").
    await expect(page.getByRole("link", { name: appName, exact: true })).toHaveCount(0, { timeout: ENGINE_MS });
    await untilGone(`/api/v1/apps/${appId}`);
    await expect(page.getByText("No apps yet")).toBeVisible();
    await expect(page.getByText("No ports leased")).toBeVisible({ timeout: 20_000 });
  });

  await test.step("remove both hosts (worker first); the engines leave the swarm", async () => {
    await page.getByRole("tab", { name: "Hosts" }).click();
    for (const h of [LAB2, LAB1]) {
      await page.getByRole("button", { name: `Remove host ${h.name}` }).click();
      const dialog = page.getByRole("dialog", { name: `Remove host ${h.name}?` });
      await dialog.getByRole("textbox").fill(h.name);
      await dialog.getByRole("button", { name: "Remove host" }).click();
      // while the dialog is open the rest of the page is hidden from the accessibility tree
      await expect(dialog).toHaveCount(0, { timeout: 30_000 });
      await expect(page.getByRole("table", { name: "Hosts" }).getByRole("row").filter({ hasText: h.endpoint })).toHaveCount(0, { timeout: 120_000 });
    }
    await expect(page.getByText("No hosts yet")).toBeVisible();
    for (const h of [LAB1, LAB2]) expect(await swarmState(page.request, h.ip)).toBe("inactive");
    await shoot(page, "environment-empty");
  });
});
