// Shared by the language specs (e2e/i18n.spec.ts, e2e/i18n-flows.spec.ts): the catalogs, the
// `m()` helper for the text a page must show, signing in through the login page, and the page
// check (screenshot under test-results/i18n/<locale>/, no ⟦missing⟧ key, <html lang>, and on a
// Chinese page no Latin-only text node outside code, names and units).
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { createTranslator } from "next-intl";
import fs from "node:fs";
import { ADMIN } from "./session";

// Read, not imported: Playwright loads specs as ES modules, where JSON needs import attributes.
// One file per feature area (messages/<locale>/<area>.json, namespaces unique across files).
const catalog = (locale: string) => {
  const dir = new URL(`../../messages/${locale}/`, import.meta.url);
  return Object.assign(
    {},
    ...fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .map((f) => JSON.parse(fs.readFileSync(new URL(f, dir), "utf8"))),
  ) as Record<string, unknown>;
};
export const en = catalog("en");
export const zh = catalog("zh-CN");

export const LOCALES = [
  { locale: "zh-CN", browser: "zh-CN", messages: zh },
  { locale: "en", browser: "en-US", messages: en },
] as const;
export type Loc = (typeof LOCALES)[number];
export const ZH = LOCALES[0];
export const EN = LOCALES[1];

/** The catalog text of `key` in `loc` (what the page must show). */
export const m = (loc: Loc, key: string, params?: Record<string, string | number>) =>
  (createTranslator({ locale: loc.locale, messages: loc.messages }) as unknown as (k: string, p?: Record<string, string | number>) => string)(key, params);

/**
 * Words that may stay Latin on a Chinese page: product and protocol names, units, Docker's own
 * option values, and the names this test gives its objects (tenant, environment, app, emails).
 */
const LATIN_OK = [
  /\b(CaaS|API|Compose|Swarm|Docker|TLS|SSH|PEM|YAML|ID|CPU|HTTP|JSON|IPVS|Bearer|Authorization|Ctrl|Shift|Esc|Tab|English|KEY|value)\b/g,
  /\b\d+(\.\d+)?\s*(B|KiB|MiB|GiB|TiB|B\/s|KiB\/s|MiB\/s|%|ms|s|m|h)\b/g,
  /\b(host|ingress|dnsrr|vip|tcp|udp|latest|official|market|manager|worker|docker save|docker|n\/a)\b/g,
  /[\w.+-]+@[\w.-]+/g, // emails
  /\b[a-z][a-z0-9-]*-[a-z0-9]{4,}\b/g, // generated names (team-xxxx, env-xxxx, app-xxxx)
  /(https?|tcp|ssh|unix):\/\/\S+/g,
  /\b(sha256:)?[0-9a-f]{7,}\b/g,
  /\b(GMT|UTC)([+-]\d{1,2}(:\d\d)?)?\b/g, // time zone in a time's tooltip
];

/** Text nodes of the page with Latin words left after removing what is allowed (Chinese pages). */
export async function latinOnlyText(page: Page, extra: string[]): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const skip = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const tag = e.tagName;
        if (["SCRIPT", "STYLE", "CODE", "PRE", "KBD", "SAMP", "NOSCRIPT", "TEMPLATE"].includes(tag)) return true;
        if (e.classList.contains("font-mono") || e.classList.contains("cm-editor") || e.getAttribute("translate") === "no") return true;
        // A terminal's screen is the program's output, like code.
        if (e.classList.contains("xterm")) return true;
        if (tag === "OPTION" && e.getAttribute("lang")) return true; // a language named in itself
        if (e.closest("[hidden]") || e.closest('[aria-hidden="true"]')) return true;
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = (n.textContent ?? "").trim();
      if (t && /[A-Za-z]/.test(t) && !skip(n.parentElement)) out.push(t);
    }
    // Visible names of controls too (aria-label, placeholder, title).
    for (const el of Array.from(document.querySelectorAll("[aria-label],[placeholder],[title]"))) {
      if (skip(el)) continue;
      for (const a of ["aria-label", "placeholder", "title"]) {
        const v = el.getAttribute(a);
        if (v && /[A-Za-z]/.test(v)) out.push(v);
      }
    }
    return out;
  });
  // Longest first: "Platform admin" before "admin".
  const names = [...extra].sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return texts.filter((t) => {
    if (/[\u3400-\u9fff]/.test(t)) return false; // mixed with Chinese: a sentence with a term in it
    let rest = t;
    // Names first, as whole words (not inside an email: "admin" in admin@example.test).
    for (const re of [...names.map((n) => new RegExp(`(?<![\\w@.-])${n}(?![\\w@-])`, "g")), ...LATIN_OK]) rest = rest.replace(re, " ");
    return /[A-Za-z]{2,}/.test(rest);
  });
}

/** Names users gave objects (other specs' tenants, users, environments, apps …) are data, not UI text. */
export async function knownNames(api: APIRequestContext): Promise<string[]> {
  const out: string[] = [];
  // regions: admin-entered names, like tenants' (the default region's "Default" comes from migration 0016)
  for (const path of ["/api/v1/tenants", "/api/v1/users", "/api/v1/environments", "/api/v1/apps", "/api/v1/regions"]) {
    const r = await api.get(path);
    if (!r.ok()) continue;
    const items = ((await r.json()) as { items?: Record<string, unknown>[] }).items ?? [];
    for (const it of items) for (const k of ["name", "slug", "email", "displayName"]) if (typeof it[k] === "string" && it[k]) out.push(it[k] as string);
  }
  return out;
}

/** Screenshot under test-results/i18n/<locale>/<name>.png and the page's language checks (soft). */
export async function checkPage(api: APIRequestContext, page: Page, loc: Loc, name: string, names: string[]) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.screenshot({ path: `test-results/i18n/${loc.locale}/${name}.png`, fullPage: true });
  const body = await page.locator("body").innerText();
  // Soft: one run lists every page's problems.
  expect.soft(body, `${name}: untranslated key`).not.toContain("⟦missing⟧");
  expect.soft(await page.locator("html").getAttribute("lang"), `${name}: <html lang>`).toBe(loc.locale);
  if (loc.locale === "zh-CN")
    expect.soft(await latinOnlyText(page, [...names, ...(await knownNames(api))]), `${name}: English left on a Chinese page`).toEqual([]);
}

/** A browser context speaking `loc` (Accept-Language and navigator.language), in Shanghai's zone. */
export async function newPage(browser: Browser, loc: Loc): Promise<Page> {
  const ctx = await browser.newContext({ locale: loc.browser, timezoneId: "Asia/Shanghai" });
  return ctx.newPage();
}

/** Signs `who` in on a login page in `loc` (the browser's language); the portal then speaks `after`. */
export async function signIn(page: Page, loc: Loc, who: { email: string; password: string } = ADMIN, after: Loc = loc) {
  await page.goto("/login");
  await page.locator('form[data-ready="true"]').waitFor();
  const form = page.getByRole("form", { name: m(loc, "login.title") });
  await form.getByLabel(m(loc, "login.email")).fill(who.email);
  await form.getByLabel(m(loc, "login.password")).fill(who.password);
  await form.getByRole("button", { name: m(loc, "login.submit"), exact: true }).click();
  // Generous: password hashing on a loaded test machine can take a while.
  await expect(page.getByRole("heading", { level: 1, name: m(after, "dashboard.title") })).toBeVisible({ timeout: 30_000 });
}
