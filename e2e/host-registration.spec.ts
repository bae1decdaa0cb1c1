// Issue 15 in the browser: a tenant owner opens "Add host with a command", creates the one-time
// command and copies it from the dialog; the test runs exactly that command in lab host 3's network
// namespace (the machine's curl and sh), and the host appears in the environment's host table
// without a reload; then rotates its certificate from the host page the same way. Afterwards lab3 is put back to plain tcp://10.77.0.13:2375 with no swarm.
import { expect, test, type APIRequestContext } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { labDir, labRegistrationEnv, restoreLabHost, runInLabHost } from "../tests/support/hostreg-lab";
import { stamp, signIn, tokenApi } from "./support/session";
import { removeHosts } from "./support/lab";

const LAB3 = { ip: "10.77.0.13", plain: "http://10.77.0.13:2375" };
const OWNER = { email: `hostreg-${stamp}@example.test`, password: "password-hostreg-1", name: "Hostreg Owner" };

test.describe.configure({ mode: "serial" });
let api: APIRequestContext;
let environmentId = "";

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(2 * 60_000);
  // a run that died half-way may have left lab3 with its TLS drop-in: put it back first
  if (fs.existsSync(path.join(labDir, "h3", "dockerd.d"))) await restoreLabHost("h3");
  api = await tokenApi(playwright, `hostreg-e2e-${stamp}`);
  const info = await api.get(`${LAB3.plain}/info`, { timeout: 10_000 });
  expect(info.ok(), `lab engine ${LAB3.ip} does not answer: is the lab up (npm run lab:up)?`).toBeTruthy();
  if (((await info.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState !== "inactive")
    await api.post(`${LAB3.plain}/swarm/leave?force=true`);
  const tenant = await api.post("/api/v1/tenants", { data: { name: `Hostreg ${stamp}`, slug: `hostreg-${stamp}` } });
  const tenantId = ((await tenant.json()) as { id: string }).id;
  const user = await api.post("/api/v1/users", { data: OWNER });
  expect(user.status(), await user.text()).toBe(201);
  const m = await api.post(`/api/v1/tenants/${tenantId}/members`, { data: { userId: ((await user.json()) as { id: string }).id, role: "owner" } });
  expect(m.status(), await m.text()).toBe(201);
  const env = await api.post("/api/v1/environments", { data: { tenantId, name: `reg-${stamp}`, portRange: { from: 31800, to: 31849 } } });
  expect(env.status(), await env.text()).toBe(201);
  environmentId = ((await env.json()) as { id: string }).id;
});

test.afterAll(async () => {
  test.setTimeout(3 * 60_000);
  try {
    if (api && environmentId) {
      await removeHosts(api, environmentId, 90_000);
    }
  } finally {
    await restoreLabHost("h3");
    if (api) {
      await api.post(`${LAB3.plain}/swarm/leave?force=true`).catch(() => undefined);
      const info = (await (await api.get(`${LAB3.plain}/info`)).json()) as { Swarm: { LocalNodeState: string } };
      expect(info.Swarm.LocalNodeState).toBe("inactive");
      await api.dispose();
    }
  }
});

test("an owner copies the registration command, runs it on lab3 and sees the host appear live", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await signIn(page, OWNER);
  await page.goto(`/environments/${environmentId}?tab=hosts`);
  await page.getByRole("button", { name: "Add host with a command" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a host with a command" });
  await dialog.getByRole("button", { name: "Create a command" }).click();
  const curl = dialog.getByLabel("With curl");
  await expect(curl).toHaveValue(/^curl -fsSL '.*\/api\/v1\/hosts\/register\/hr_[A-Za-z0-9_-]+' \| sudo sh$/);
  await expect(dialog.getByLabel("With wget")).toHaveValue(/^wget -qO- '/);
  await expect(dialog.getByText(/shown only now/)).toBeVisible();
  const command = await curl.inputValue();

  const run = await runInLabHost("h3", command, labRegistrationEnv("h3", "lab3"));
  expect(run.code, run.out).toBe(0);

  // no reload: the dialog's live list shows the command completed, and the hosts table behind the
  // (modal, so hidden from the accessibility tree while open) dialog has the host once it is closed
  await dialog.getByRole("tab", { name: "Commands made" }).click();
  await expect(dialog.getByRole("row").filter({ hasText: "lab3 (10.77.0.13)" })).toContainText("completed", { timeout: 30_000 });
  await dialog.getByRole("button", { name: "Close" }).first().click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("table", { name: "Hosts" }).getByRole("row").filter({ hasText: "tcp://10.77.0.13:2376" });
  await expect(row).toContainText("lab3", { timeout: 30_000 });
  await expect(row).toContainText("ready", { timeout: 30_000 });
});

test("an owner rotates lab3's certificate from the host page: confirm, run the command shown, see it renewed", async ({ page }) => {
  test.setTimeout(3 * 60_000);
  await signIn(page, OWNER);
  await page.goto(`/environments/${environmentId}?tab=hosts`);
  await page.getByRole("table", { name: "Hosts" }).getByRole("link", { name: /lab3/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "lab3" })).toBeVisible();
  await page.getByRole("button", { name: "Rotate certificate" }).click();
  const dialog = page.getByRole("dialog", { name: "Rotate the host's certificate" });
  await expect(dialog.getByText(/new server certificate from the environment's CA/)).toBeVisible();
  await dialog.getByRole("button", { name: "Create the command" }).click();
  const curl = dialog.getByLabel("With curl");
  await expect(curl).toHaveValue(/^curl -fsSL '.*\/api\/v1\/hosts\/register\/hr_[A-Za-z0-9_-]+' \| sudo sh$/);
  await expect(dialog.getByRole("status")).toContainText("Waiting for the command to run on the host");
  const run = await runInLabHost("h3", await curl.inputValue(), labRegistrationEnv("h3", "lab3"));
  expect(run.code, run.out).toBe(0);
  await expect(dialog.getByRole("status")).toContainText("The certificate of lab3 was renewed.", { timeout: 30_000 });
  // the dialog's own close button and the one under the result: either closes it
  await dialog.getByRole("button", { name: "Close" }).last().click();
  await expect(dialog).toBeHidden();
});
