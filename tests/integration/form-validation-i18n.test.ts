// Issue 11 acceptance: "the validation messages of every form are tested for both languages". Each
// form of tests/support/console-forms.ts with a probe sends its request with an invalid value to the
// real portal, once with Accept-Language en and once zh-CN, and the answer's detail for the field:
//  - names a catalog message (`key`) both catalogs have, with the same `path` in both languages;
//  - reads as that catalog message in the asked language, the field named by its catalog label
//    (never by its path such as `defaults.memoryMb`), one message for the problem;
//  - Compose key paths (the compose editor underlines them at their line) keep the path as written.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, unique, waitForJob } from "../support/api-client";
import { eventually, LAB_HOSTS, releaseLab, requireCleanLab } from "../support/lab";
import { buildTenant, type TenantWorld } from "../support/world";
import { CONSOLE_FORMS, type FormProbe } from "../support/console-forms";
import { hasMessage, translator } from "@/lib/i18n/translate";
import { fieldLabel } from "@/lib/i18n/localize-error";
import type { AppLocale } from "@/lib/i18n/config";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;
let envId = "";
/** The objects the probes' paths name: a lab host, a deployed app with one running container, a template,
 * the container committed as an image, a pending publish request and a marketplace image. */
const objects: Record<string, string> = {};

const LOCALES: AppLocale[] = ["en", "zh-CN"];
const HAN = /[\u4e00-\u9fff]/;

type Detail = { path: string; message: string; key?: string; params?: Record<string, string | number> };

/** Whether every segment of a field path is named by a catalog label (indices aside). */
function labelled(locale: AppLocale, field: string): boolean {
  const segs = field.split(".").filter((s) => !/^\d+$/.test(s));
  return ["fields", "formFields"].some((ns) => hasMessage(locale, `${ns}.${segs.join(".")}`) || hasMessage(locale, `${ns}.${segs.join(".")}._`));
}

function fill<T>(v: T): T {
  let text = JSON.stringify(v).replaceAll("{tenant}", A.id).replaceAll("{env}", envId);
  for (const [k, id] of Object.entries(objects)) text = text.replaceAll(`{${k}}`, id);
  return JSON.parse(text) as T;
}

async function send(p: FormProbe, locale: AppLocale) {
  const api = p.as === "admin" ? admin : A.users.owner.api;
  return api.request<{ error?: { code: string; message: string; details?: Detail[] } }>(p.method, fill(p.path), fill(p.body), { "accept-language": locale });
}

const SLEEPER = "services:\n  web:\n    image: lab/busybox:latest\n    command: sleep 3600\n";

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "forms");
  const env = await admin.post("/api/v1/environments", {
    tenantId: A.id,
    name: unique("forms").toLowerCase().slice(0, 30),
    portRange: { from: 30850, to: 30869 },
  });
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  envId = env.body.id;
  // The forms that act on objects: one lab host, an app with one running container, a template.
  const owner = A.users.owner.api;
  const host = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: LAB_HOSTS[0].name, endpoint: LAB_HOSTS[0].endpoint });
  expect(host.status, JSON.stringify(host.body)).toBe(201);
  objects.host = host.body.id;
  const app = await owner.post(`/api/v1/environments/${envId}/apps`, { name: "sleeper", compose: SLEEPER });
  expect(app.status, JSON.stringify(app.body)).toBe(202);
  expect((await waitForJob(owner, app.body.jobId, 180_000)).status).toBe("succeeded");
  objects.app = app.body.app.id;
  objects.service = (await owner.get(`/api/v1/apps/${objects.app}`)).body.services[0].id;
  objects.container = (
    await eventually(
      "a running container",
      () => db.container.findFirst({ where: { serviceId: objects.service, state: "running", engineId: { not: null } } }),
      120_000,
    )
  ).id;
  const tpl = await owner.post("/api/v1/templates", {
    name: unique("forms-tpl").slice(0, 40),
    scope: "tenant",
    tenantId: A.id,
    version: { version: "1", compose: SLEEPER },
  });
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
  objects.template = tpl.body.id;
  // The image forms: the container committed as the owner's image, a publish request for it, and the
  // same image approved into the marketplace (a second commit, so one request stays pending).
  const repository = unique("formsimg")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 30);
  const commitAs = async (tag: string) => {
    const c = await owner.post(`/api/v1/containers/${objects.container}/commit`, { repository, tag });
    expect(c.status, JSON.stringify(c.body)).toBe(202);
    expect((await waitForJob(owner, c.body.jobId, 180_000)).status).toBe("succeeded");
    const mine = (await owner.get("/api/v1/images?scope=personal")).body.items as Array<{ id: string; repository: string; tag: string }>;
    return mine.find((i) => i.repository.endsWith(`/${repository}`) && i.tag === tag)!.id;
  };
  objects.image = await commitAs("v1");
  const pending = await owner.post(`/api/v1/images/${objects.image}/publish`, { description: "forms: stays pending" });
  expect(pending.status, JSON.stringify(pending.body)).toBe(201);
  objects.request = pending.body.id;
  const toMarket = await owner.post(`/api/v1/images/${await commitAs("v2")}/publish`, { description: "forms: approved" });
  expect(toMarket.status, JSON.stringify(toMarket.body)).toBe(201);
  const approved = await admin.post(`/api/v1/publish-requests/${toMarket.body.id}/approve`);
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const market = (await owner.get(`/api/v1/images?scope=market&q=${repository}`)).body.items as Array<{ id: string; repository: string }>;
  objects.market = market.find((i) => i.repository === approved.body.repository)!.id;
  expect(objects.market).toBeTruthy();
}, 300_000);

afterAll(async () => {
  if (admin) await releaseLab(admin, [envId]);
}, 300_000);

describe("every form's validation messages, in en and zh-CN", () => {
  const probed = CONSOLE_FORMS.filter((f) => f.probe);

  it.each(probed.map((f) => [f.name, f.probe!] as const))("%s", async (_name, probe) => {
    const seen: Record<string, Detail> = {};
    for (const locale of LOCALES) {
      const r = await send(probe, locale);
      expect([400, 422], JSON.stringify(r.body)).toContain(r.status);
      const details = (r.body.error?.details ?? []).filter((d) => d.path === probe.field);
      expect(details, `one detail for ${probe.field}: ${JSON.stringify(r.body)}`).toHaveLength(1);
      const d = details[0];
      expect(d.key, `a catalog key: ${JSON.stringify(d)}`).toBeTruthy();
      expect(hasMessage("en", d.key!) && hasMessage("zh-CN", d.key!), `${d.key} in both catalogs`).toBe(true);
      const t = translator(locale);
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(d.params ?? {}))
        params[k] = typeof v === "string" && v.startsWith("@") && hasMessage(locale, v.slice(1)) ? t(v.slice(1)) : v;
      if (!probe.compose) {
        expect(labelled(locale, probe.field), `${probe.field} has a label in ${locale}`).toBe(true);
        params.field = fieldLabel(locale, probe.field);
        if (probe.field.includes(".")) expect(d.message).not.toContain(probe.field);
      }
      expect(d.message).toBe(t(d.key!, params));
      if (locale === "zh-CN") expect(d.message, "Chinese text").toMatch(HAN);
      seen[locale] = d;
    }
    expect(seen["zh-CN"].key).toBe(seen.en.key);
    expect(seen["zh-CN"].message).not.toBe(seen.en.message);
  });
});
