// Issue 5 in a real browser: a member pushes into their personal repository (docker CLI, setup),
// asks to publish it from the Images page, an admin approves it in the publish-request queue, and a
// member of another tenant deploys it from the Marketplace onto lab2 (which never had it), pinned to
// the approved digest. Commit is covered by tests/integration/registry-images.test.ts.
// Needs the lab (engines at 10.77.0.11-13, registry on 10.77.0.1:5000): fails, never skips.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, stamp, tokenApi, signIn } from "./support/session";
import { expectTablesFit } from "./support/layout";
import { LAB2, leaveSwarmQuietly, remove, removeApps } from "./support/lab";
import { tempDir } from "../tests/support/distribution";

const LAB1 = "tcp://10.77.0.11:2375";
const imageName = `e2e${stamp}`;
let api: APIRequestContext;
let reg = "";
let environmentId = "";
let hostId = "";
const cfgDir = tempDir("caas-e2e-docker-");
const A = { email: `a-${stamp}@example.test`, password: "password-a-1", id: "" };
const B = { email: `b-${stamp}@example.test`, password: "password-b-1", id: "" };

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1280, height: 800 } });

function docker(args: string[], stdin = ""): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn("docker", ["--config", cfgDir, "-H", LAB1, ...args]);
    let out = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (out += c));
    p.stdin.end(stdin);
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(180_000);
  api = await tokenApi(playwright, `img-e2e-${stamp}`);
  const info = await api.get(`http://${LAB2.ip}:2375/info`, { timeout: 10_000 });
  expect(info.ok(), "lab engine lab2 does not answer: is the lab up?").toBeTruthy();
  if (((await info.json()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState !== "inactive")
    await api.post(`http://${LAB2.ip}:2375/swarm/leave?force=true`);
  reg = ((await (await api.get("/api/v1/registry")).json()) as { url: string }).url;
  for (const [who, slug] of [
    [A, `imga-${stamp}`],
    [B, `imgb-${stamp}`],
  ] as const) {
    const tenant = (await (await api.post("/api/v1/tenants", { data: { name: slug, slug } })).json()) as { id: string };
    const u = (await (await api.post("/api/v1/users", { data: { email: who.email, name: slug, password: who.password } })).json()) as { id: string };
    who.id = u.id;
    expect((await api.post(`/api/v1/tenants/${tenant.id}/members`, { data: { userId: u.id, role: "owner" } })).status()).toBe(201);
    if (who === B) {
      const env = await api.post("/api/v1/environments", { data: { tenantId: tenant.id, name: `img-${stamp}`, portRange: { from: 31600, to: 31609 } } });
      environmentId = ((await env.json()) as { id: string }).id;
      const h = await api.post(`/api/v1/environments/${environmentId}/hosts`, { data: { name: LAB2.name, endpoint: LAB2.endpoint }, timeout: 120_000 });
      expect(h.status()).toBe(201);
      hostId = ((await h.json()) as { id: string }).id;
    }
  }
  // setup: A pushes into their personal repository with the docker CLI
  expect((await docker(["login", reg, "-u", A.email, "--password-stdin"], A.password)).code).toBe(0);
  const ref = `${reg}/u/${A.id}/${imageName}:1`;
  // An image whose default command keeps running (busybox's `sh` would exit at once without a TTY,
  // and the deployed service would restart forever): commit a created container with a new CMD.
  const created = await docker(["create", "lab/busybox:latest"]);
  expect(created.code, created.out).toBe(0);
  const cid = created.out.trim().split("\n").pop()!;
  const committed = await docker(["commit", "--change", 'CMD ["httpd", "-f", "-p", "80", "-h", "/var/www"]', "--change", "EXPOSE 80", cid, ref]);
  expect(committed.code, committed.out).toBe(0);
  await docker(["rm", cid]);
  const push = await docker(["push", ref]);
  expect(push.code, push.out).toBe(0);
});

test.afterAll(async () => {
  test.setTimeout(240_000);
  fs.rmSync(cfgDir, { recursive: true, force: true });
  if (!api) return;
  if (environmentId) await removeApps(api, environmentId, 90_000);
  if (hostId) await remove(api, `/api/v1/hosts/${hostId}`, 120_000);
  await leaveSwarmQuietly(api, LAB2.ip);
  await api.dispose();
});

test("publish from Images, approve in the queue, deploy from the Marketplace", async ({ page }) => {
  test.setTimeout(6 * 60_000);
  let digest = "";
  await test.step("A sees the pushed image and asks to publish it", async () => {
    await signIn(page, A);
    await page.goto("/images");
    const personal = page.getByRole("region", { name: "Personal images" });
    await expect(personal.getByText(`u/${A.id}/${imageName}`)).toBeVisible();
    // dense tables: at 1280×800 the actions column (copy, publish form, delete) is not cut off
    await expectTablesFit(page);
    const form = page.getByRole("form", { name: `Publish u/${A.id}/${imageName}:1` });
    await form.getByLabel(`Description for u/${A.id}/${imageName}:1`).fill("An e2e image");
    await form.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Publish request sent")).toBeVisible();
    const imgs = ((await (await api.get("/api/v1/images?scope=personal")).json()) as { items: unknown[] }).items;
    expect(imgs).toEqual([]); // the admin has no personal images; A's stay A's
  });

  await test.step("the admin approves it in the queue", async () => {
    await signIn(page, ADMIN);
    await page.goto("/admin/publish-requests");
    const pending = page.getByRole("region", { name: "Pending requests" });
    await expect(pending.getByText(`u/${A.id}/${imageName}:1 → market/${imageName}`)).toBeVisible();
    await expect(pending.getByText(A.email)).toBeVisible();
    await pending
      .getByRole("form", { name: `Approve u/${A.id}/${imageName}` })
      .getByRole("button", { name: "Approve" })
      .click();
    // The pending card leaves the queue (and with it the form's toast): the history shows the decision.
    const decided = page.getByRole("region", { name: "History" }).getByRole("region", { name: `u/${A.id}/${imageName}:1 → market/${imageName}` });
    await expect(decided.getByText("approved", { exact: true })).toBeVisible();
    await expect(decided.getByText(`${ADMIN.email} ·`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Pending requests" }).getByText("No pending requests")).toBeVisible();
    const market = ((await (await api.get(`/api/v1/images?scope=market&q=${imageName}`)).json()) as { items: Array<{ digest: string }> }).items;
    digest = market[0].digest;
    expect(digest).toMatch(/^sha256:/);
  });

  await test.step("B deploys it from the Marketplace onto lab2", async () => {
    await signIn(page, B);
    await page.goto("/marketplace");
    await page.getByRole("search").getByLabel("Search images").fill(imageName);
    await page.getByRole("search").getByRole("button", { name: "Search" }).click();
    const form = page.getByRole("form", { name: `Deploy market/${imageName}` });
    await expect(page.getByText(`market/${imageName}@${digest}`)).toBeVisible();
    await form.getByLabel("App name").fill(`m-${stamp}`);
    await form.getByRole("button", { name: "Deploy to my environment" }).click();
    await expect(page.getByText("Deploying: see Apps")).toBeVisible();
    await expect
      .poll(async () => ((await (await api.get(`/api/v1/environments/${environmentId}/apps`)).json()) as { items: { status: string }[] }).items[0]?.status, {
        timeout: 180_000,
        intervals: [1000],
      })
      .toBe("running");
    const services = (await (await api.get(`http://${LAB2.ip}:2375/services`)).json()) as Array<{
      Spec: { TaskTemplate: { ContainerSpec: { Image: string } } };
    }>;
    expect(services.map((s) => s.Spec.TaskTemplate.ContainerSpec.Image).join(" ")).toContain(`market/${imageName}@${digest}`);
  });
});
