// Issue 11 acceptance, in the browser: a few representative forms, submitted with invalid input in
// Chinese and in English, show the catalog's message in the page's language, naming the field by
// its label, attached to the field (the control is aria-invalid and the message is its accessible
// description). Every form's messages are checked through the API in both languages by
// tests/integration/form-validation-i18n.test.ts; this spec proves the page shows them where they belong.
import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import { LOCALES, m, newPage, signIn } from "./support/i18n";
import { stamp, tokenApi } from "./support/session";

let api: APIRequestContext;
let tenantId = "";
let adminLocale: string | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ playwright }) => {
  api = await tokenApi(playwright, `forms-e2e-${stamp}`);
  const tenant = await api.post("/api/v1/tenants", { data: { name: `Forms ${stamp}`, slug: `forms-${stamp}` } });
  expect(tenant.status()).toBe(201);
  tenantId = ((await tenant.json()) as { id: string }).id;
  adminLocale = ((await (await api.get("/api/v1/me/preferences")).json()) as { locale: string | null }).locale;
  // The browser's language decides: no saved language for the admin during this spec.
  expect((await api.put("/api/v1/me/preferences", { data: { locale: null } })).status()).toBe(200);
});

test.afterAll(async () => {
  if (api) expect((await api.put("/api/v1/me/preferences", { data: { locale: adminLocale } })).status()).toBe(200);
  await api?.dispose();
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The control is marked invalid and `message` is its accessible description (attached to it). */
async function attached(control: Locator, message: string) {
  await expect(control).toHaveAttribute("aria-invalid", "true");
  await expect(control).toHaveAccessibleDescription(new RegExp(escape(message)));
}

for (const loc of LOCALES) {
  test(`refused forms show the catalog's message at its field in ${loc.locale}`, async ({ browser }) => {
    test.setTimeout(3 * 60_000);
    const page = await newPage(browser, loc);
    await signIn(page, loc);

    await test.step("create environment: name and default memory", async () => {
      await page.goto(`/tenants/${tenantId}`);
      const form = page.getByRole("form", { name: m(loc, "tenant.createEnvironment") });
      await form.getByLabel(m(loc, "environmentFields.name")).fill("Bad Name!");
      await form.getByLabel(m(loc, "environmentFields.memoryMb")).fill("2000000");
      await form.getByRole("button", { name: m(loc, "tenant.createEnvironment") }).click();
      await attached(form.getByLabel(m(loc, "environmentFields.name")), m(loc, "validation.lowerDash", { field: m(loc, "fields.name") }));
      await attached(
        form.getByLabel(m(loc, "environmentFields.memoryMb")),
        m(loc, "validation.numberMax", { field: m(loc, "fields.defaults.memoryMb"), max: 1024 * 1024 }),
      );
      // Named by its label, never by its path.
      await expect(form).not.toContainText("defaults.memoryMb");
    });

    await test.step("create tenant: slug", async () => {
      await page.goto("/admin/tenants");
      const form = page.getByRole("form", { name: m(loc, "adminTenants.create") });
      await form.getByLabel(m(loc, "adminTenants.name")).fill(`Forms form ${stamp}`);
      await form.getByLabel(m(loc, "adminTenants.slug")).fill("Bad_Slug");
      await form.getByRole("button", { name: m(loc, "adminTenants.create") }).click();
      await attached(form.getByLabel(m(loc, "adminTenants.slug")), m(loc, "validation.slug", { field: m(loc, "fields.slug") }));
    });

    await page.context().close();
  });
}
