// Shared by the specs: the portal under test, the seeded admin, a per-run stamp for unique names,
// signing in through the login page (English) and REST clients signed in with an API token.
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const ORIGIN = process.env.E2E_ORIGIN ?? "http://127.0.0.1:3100";
export const ADMIN = { email: "admin@example.test", password: "admin-password-1" };
/** Unique per run: names of tenants, users, apps… never collide with an earlier run's. */
export const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;

type Who = { email: string; password: string };
type Playwright = { request: { newContext: (o: object) => Promise<APIRequestContext> } };

/** Signs `who` in on the English login page (anyone signed in before is signed out) and waits for the dashboard. */
export async function signIn(page: Page, who: Who = ADMIN) {
  await page.context().clearCookies();
  await page.goto("/login");
  // Typing before hydration and before the session status settles loses the csrf race (pitfalls 11, 12).
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(who.email);
  await form.getByLabel("Password").fill(who.password);
  await form.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}

/** A REST client signed in as `who` (the admin by default) with a new API token named `tokenName`. */
export async function tokenApi(playwright: Playwright, tokenName: string, who: Who = ADMIN, origin = ORIGIN): Promise<APIRequestContext> {
  const anon = await playwright.request.newContext({ baseURL: origin });
  const t = await anon.post("/api/v1/tokens", { data: { email: who.email, password: who.password, name: tokenName } });
  expect(t.status(), await t.text()).toBe(201);
  const { token } = (await t.json()) as { token: string };
  await anon.dispose();
  return playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

/** The toasts' live region (sonner's labelled region, in either language). */
export const toasts = (page: Page) => page.getByRole("region", { name: /^(Notifications|通知)$/ });
