// Issue 14 in Chromium: OIDC single sign-on through a real provider's own login page
// (scripts/test-servers/oidc.mjs, npm oidc-provider) lands in the portal with the mapped tenant;
// TOTP enrolment on the profile page with a code computed here, then the login asks for it; a
// recovery code works once.
import net from "node:net";
import * as OTPAuth from "otpauth";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
// @ts-expect-error plain ESM helper without types
import { startOidc } from "../scripts/test-servers/oidc.mjs";
import { ORIGIN, stamp, tokenApi } from "./support/session";

let api: APIRequestContext;
let op: { issuer: string; stop(): Promise<void> } | undefined;
let tenant = { id: "", name: `SSO tenant ${stamp}` };
const providerName = `Test SSO ${stamp}`;
const LOCAL = { email: `totp-${stamp}@example.test`, password: "totp-user-pass-1" };

test.describe.configure({ mode: "serial" });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function fillLogin(page: Page, email: string, password: string) {
  await page.context().clearCookies();
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  return form;
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  api = await tokenApi(playwright, `id-e2e-${stamp}`);
  const tr = await api.post("/api/v1/tenants", { data: { name: tenant.name, slug: `sso-${stamp}` } });
  expect(tr.status()).toBe(201);
  tenant = { ...tenant, id: ((await tr.json()) as { id: string }).id };
  const port = await freePort();
  const clientSecret = `oidc-secret-${stamp}`;
  const pr = await api.post("/api/v1/identity-providers", {
    data: {
      kind: "oidc",
      name: providerName,
      settings: { issuer: `http://127.0.0.1:${port}`, clientId: "caas-portal", scopes: "openid email profile", groupsClaim: "groups" },
      clientSecret,
    },
  });
  expect(pr.status(), await pr.text()).toBe(201);
  const providerId = ((await pr.json()) as { id: string }).id;
  expect((await api.post("/api/v1/group-mappings", { data: { providerId, group: "portal-devs", tenantId: tenant.id, role: "member" } })).status()).toBe(201);
  op = await startOidc({ redirectUri: `${ORIGIN}/api/auth/callback/oidc-${providerId}`, port, clientSecret });
  const test1 = await api.post(`/api/v1/identity-providers/${providerId}/test`, { data: {} });
  expect(((await test1.json()) as { ok: boolean }).ok).toBe(true);
  expect((await api.post("/api/v1/users", { data: { email: LOCAL.email, name: "TOTP user", password: LOCAL.password } })).status()).toBe(201);
});

test.afterAll(async () => {
  await op?.stop();
  await api?.dispose();
});

test("OIDC sign-in through the provider's own page lands in the portal with the mapped tenant", async ({ page }) => {
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  await page.getByRole("button", { name: `Sign in with ${providerName}` }).click();
  // oidc-provider's own login page.
  await expect(page).toHaveURL(new RegExp(`^${op!.issuer.replace(/[.]/g, "\\.")}/`));
  await page.locator('input[name="login"]').fill("olivia");
  await page.locator('input[name="password"]').fill("any-password");
  await page.locator('button[type="submit"]').click();
  // A consent page, when the provider shows one.
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i });
  if (await consent.isVisible({ timeout: 2000 }).catch(() => false)) await consent.click();
  await expect(page).toHaveURL(new RegExp(`^${ORIGIN}/`), { timeout: 20_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const me = (await (await page.request.get("/api/v1/me")).json()) as { email: string; memberships: { tenantId: string; role: string }[] };
  expect(me.email).toBe("olivia@sso.example");
  expect(me.memberships).toEqual([expect.objectContaining({ tenantId: tenant.id, role: "member" })]);
  await expect(page.getByText(tenant.name).first()).toBeVisible();
});

test("TOTP: enrol with a computed code, the login asks for it, a recovery code works once", async ({ page }) => {
  await fillLogin(page, LOCAL.email, LOCAL.password);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await page.goto("/profile");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  const confirmForm = page.getByRole("form", { name: "Confirm and turn on" });
  await confirmForm.getByLabel("Code").fill(totp.generate());
  await confirmForm.getByRole("button", { name: "Confirm and turn on" }).click();
  // the codes appear once the server confirmed the code: wait for them (allTextContents does not)
  const recovery = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(recovery).toHaveCount(10);
  const codes = (await recovery.allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);

  // The login now asks for the second factor.
  const form = await fillLogin(page, LOCAL.email, LOCAL.password);
  await expect(form.getByRole("alert")).toContainText("two-factor code");
  await form.getByLabel("Two-factor code").fill(totp.generate());
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  // A recovery code works once.
  for (const expected of ["in", "refused"] as const) {
    const f = await fillLogin(page, LOCAL.email, LOCAL.password);
    await expect(f.getByLabel("Two-factor code")).toBeVisible();
    await f.getByLabel("Two-factor code").fill(codes[0]);
    await f.getByRole("button", { name: "Sign in", exact: true }).click();
    if (expected === "in") await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    else await expect(f.getByRole("alert")).toContainText("wrong or expired");
  }

  // Creating an API token with the password needs the second factor too.
  const anon = await page.context().request;
  const noOtp = await anon.post(`${ORIGIN}/api/v1/tokens`, { data: { email: LOCAL.email, password: LOCAL.password, name: "x" } });
  expect(noOtp.status()).toBe(401);
  const withOtp = await anon.post(`${ORIGIN}/api/v1/tokens`, { data: { email: LOCAL.email, password: LOCAL.password, otp: codes[1], name: "x" } });
  expect(withOtp.status()).toBe(201);
});
