// Secrets and configs of an environment in the browser (issue 10 item 4): a member adds a secret,
// gives it a new value (version 2), never sees a value again (not in the page, not after reload),
// and deletes it while no app uses it. Needs no engine: environments exist without hosts.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, stamp, signIn } from "./support/session";

const VALUE_1 = `s3cr3t-one-${stamp}`;
const VALUE_2 = `s3cr3t-two-${stamp}`;

async function api(request: APIRequestContext) {
  const r = await request.post("/api/v1/tokens", { data: { email: ADMIN.email, password: ADMIN.password, name: `secrets-${stamp}` } });
  expect(r.status()).toBe(201);
  const token = (await r.json()).token as string;
  return { authorization: `Bearer ${token}` };
}

test("a secret is added, gets a new version, is never shown again, and is deleted", async ({ page, request }) => {
  const headers = await api(request);
  const t = await request.post("/api/v1/tenants", { headers, data: { name: `Secrets ${stamp}`, slug: `secrets-${stamp}` } });
  expect(t.status()).toBe(201);
  const e = await request.post("/api/v1/environments", { headers, data: { tenantId: (await t.json()).id, name: `sec-${stamp}` } });
  expect(e.status()).toBe(201);
  const envId = (await e.json()).id as string;

  await signIn(page);
  await page.goto(`/environments/${envId}?tab=resources`);
  const form = page.getByRole("form", { name: "Save value" });
  await form.getByLabel("Name").fill("db_password");
  await form.getByLabel("Value").fill(VALUE_1);
  await form.getByRole("button", { name: "Save value" }).click();
  const row = page.getByRole("row").filter({ hasText: "db_password" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(2)).toHaveText("1");
  await expect(form.getByLabel("Value")).toHaveValue("");

  await form.getByLabel("Name").fill("db_password");
  await form.getByLabel("Value").fill(VALUE_2);
  await form.getByRole("button", { name: "Save value" }).click();
  await expect(row.getByRole("cell").nth(2)).toHaveText("2");

  // the value is nowhere: not in the page, not after a reload, not over the API
  await page.reload();
  const html = await page.content();
  expect(html).not.toContain(VALUE_1);
  expect(html).not.toContain(VALUE_2);
  const listed = await request.get(`/api/v1/environments/${envId}/secrets`, { headers });
  expect(listed.status()).toBe(200);
  const body = await listed.text();
  expect(body).toContain("db_password");
  expect(body).not.toContain(VALUE_2);

  await row.getByRole("button", { name: "Delete db_password" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: "db_password" })).toHaveCount(0);
  expect((await (await request.get(`/api/v1/environments/${envId}/secrets`, { headers })).json()).items).toEqual([]);
});
