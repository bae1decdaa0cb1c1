// Issue 17 in the browser: a platform admin registers an upstream registry on Admin → Pub Hub with
// the form, syncs it, follows the job and reads what was copied; the copy is an official image on
// the images page; Admin → Replication lists the queue (or says there is nothing to replicate). The
// upstream is a real docker-registry with its own htpasswd user, started by this spec on a free
// loopback port (tests/support/distribution.ts) and stopped at the end.
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ensureRegistryBinary, pushImage, startRegistry, tempDir, type TestRegistry } from "../tests/support/distribution";
import { signIn, stamp, toasts, tokenApi } from "./support/session";

const HUB = { user: "hubuser", password: `hub-password-${stamp}` };
const NAME = `hub-${stamp}`;
const TARGET = `tool-${stamp}`;
let hub: TestRegistry;
let hubDir = "";
let admin: APIRequestContext;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  await ensureRegistryBinary();
  hubDir = tempDir("caas-e2e-hub-");
  hub = await startRegistry(hubDir, "hub", { kind: "htpasswd", ...HUB });
  await pushImage(hub, "library/tool", "1.0", { arch: "amd64", layers: [5_000] });
  await pushImage(hub, "library/tool", "2.0-rc", { arch: "amd64", layers: [5_000] });
  admin = await tokenApi(playwright, `pub-hub-e2e-${stamp}`);
});

test.afterAll(async () => {
  const list = (await (await admin.get("/api/v1/upstreams")).json()) as { items: { id: string; name: string }[] };
  for (const u of list.items.filter((x) => x.name === NAME)) await admin.delete(`/api/v1/upstreams/${u.id}`);
  await admin.dispose();
  await hub?.stop();
  if (hubDir) fs.rmSync(hubDir, { recursive: true, force: true });
});

test("an admin registers an upstream on Pub Hub, syncs it and sees what was copied", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Pub Hub" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pub Hub" })).toBeVisible();
  const form = page.getByRole("form", { name: "Register an upstream" });
  await form.getByLabel("Name", { exact: true }).fill(NAME);
  await form.getByLabel("Registry URL").fill(hub.url);
  await form.getByLabel("User name").fill(HUB.user);
  await form.getByLabel("Password").fill(HUB.password);
  await form.getByLabel("Repositories").fill(`library/tool ${TARGET} * !*-rc`);
  await form.getByRole("button", { name: "Register an upstream" }).click();
  await expect(toasts(page)).toContainText("Upstream registered");

  const table = page.getByRole("table", { name: `Repositories of ${NAME}` });
  await expect(table).toContainText(`official/${TARGET}`);
  await expect(table).toContainText("* !*-rc");
  await page.getByRole("button", { name: `Sync ${NAME} now` }).click();
  // the job's progress, then the page shows the report: one tag copied (2.0-rc is excluded)
  const row = table.getByRole("row").filter({ hasText: `official/${TARGET}` });
  await expect(row.getByRole("cell").nth(3)).toHaveText("1", { timeout: 60_000 });
  await expect(row.getByRole("cell").nth(5)).toHaveText("0");
  await expect(page.getByText("OK", { exact: true })).toBeVisible();
  // the password never comes back to the browser
  expect(await page.content()).not.toContain(HUB.password);

  // the copy is an official image
  await page.goto("/images");
  await expect(page.getByText(`official/${TARGET}`).first()).toBeVisible({ timeout: 30_000 });

  // the replication queue page: one region here, so nothing to replicate
  await page.goto("/admin/replication");
  await expect(page.getByRole("heading", { level: 1, name: "Replication" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Compare now" })).toBeVisible();
  await page.getByRole("button", { name: "Compare now" }).click();
  await expect(toasts(page)).toContainText(/Every region is up to date|cop(y|ies) queued/);
});
