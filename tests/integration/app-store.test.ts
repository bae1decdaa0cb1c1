// Issue 13 acceptance through the REST API on the lab: the starter catalog (a store template
// deployed with answers converges and answers on its port; missing images said plainly), answer
// validation (wrong type, missing, `privileged` through a variable: named, nothing created), a
// Rancher-layout catalog archive imported, deployed at v1, upgraded to v2, rolled back in one click,
// hostile archives refused; save-as-template → publish → approval rules → another tenant deploys
// from the market; and the T1/T4 sweeps for every template endpoint.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, unique, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, eventually, httpGet, releaseLab, requireCleanLab } from "../support/lab";
import { rancherCatalog, tarGz, zipOf } from "../support/catalog-archive";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let envA: string;
let envB: string;
const hostIds: string[] = [];
const tmpDirs: string[] = [];

function docker(args: string[], host: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const p = spawn("docker", ["-H", host, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

async function answerOn(hostIp: string, port: number, expected: string): Promise<void> {
  await eventually(`${hostIp}:${port} answering "${expected}"`, async () => (await httpGet(`http://${hostIp}:${port}/`))?.text.includes(expected), 90_000);
}

async function postRaw(token: string, pathAndQuery: string, body: Buffer, contentType: string): Promise<{ status: number; body: any }> {
  // The server may close a kept-alive socket right after an upload it answered (the official image
  // import): fetch then fails before sending, with "other side closed". Sending again is safe.
  const send = () =>
    fetch(`${baseUrl}${pathAndQuery}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": contentType },
      body: new Uint8Array(body),
    });
  const r = await send().catch((e: Error & { cause?: { code?: string } }) => {
    if (e.cause?.code === "UND_ERR_SOCKET") return send();
    throw e;
  });
  return { status: r.status, body: (await r.json()) as any };
}

async function deployed(api: ApiClient, r: { status: number; body: any }): Promise<{ id: string; port: number }> {
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const job = await waitForJob(api, r.body.jobId, 180_000);
  expect(job.status, job.error).toBe("succeeded");
  const app = await api.get(`/api/v1/apps/${r.body.app.id}`);
  return { id: r.body.app.id, port: app.body.services[0].ports[0].published };
}

const counts = async () => [
  await db.app.count(),
  await db.appRevision.count(),
  await db.job.count(),
  await db.template.count(),
  await db.templateVersion.count(),
];

let starterWeb: string;

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "store-a");
  B = await buildTenant(baseUrl, admin, "store-b");
  const ea = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "store", portRange: { from: 32000, to: 32049 } });
  const eb = await B.users.owner.api.post("/api/v1/environments", { tenantId: B.id, name: "store", portRange: { from: 32050, to: 32099 } });
  expect([ea.status, eb.status]).toEqual([201, 201]);
  envA = ea.body.id;
  envB = eb.body.id;
  for (const [env, h] of [
    [envA, LAB_HOSTS[0]],
    [envB, LAB_HOSTS[1]],
  ] as const) {
    const r = await admin.post(`/api/v1/environments/${env}/hosts`, { name: h.name, endpoint: h.endpoint });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    hostIds.push(r.body.id);
  }
  // The lab's busybox as official/busybox:latest (what the starter "Static web server" runs).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-store-"));
  tmpDirs.push(dir);
  const tar = path.join(dir, "bb.tar");
  const saved = await docker(["save", "-o", tar, "lab/busybox:latest"], LAB_HOSTS[0].endpoint);
  expect(saved.code, saved.out).toBe(0);
  const imp = await postRaw(admin.auth.token!, "/api/v1/images/import?name=busybox&tag=latest", fs.readFileSync(tar), "application/x-tar");
  expect(imp.status, JSON.stringify(imp.body)).toBe(201);
}, 300_000);

afterAll(async () => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  await releaseLab(admin, [envA, envB]);
}, 400_000);

describe("starter catalog", () => {
  it("ships official templates for the seed's middleware and says which images are missing", async () => {
    const list = await A.users.viewer.api.get("/api/v1/templates?scope=official");
    expect(list.status).toBe(200);
    const names = list.body.items.map((t: { name: string }) => t.name);
    for (const n of ["Static web server", "Nginx", "Redis", "MySQL", "PostgreSQL", "Tomcat", "RabbitMQ"]) expect(names).toContain(n);
    const byName = (n: string) => list.body.items.find((t: { name: string }) => t.name === n);
    starterWeb = byName("Static web server").id;
    const redis = await A.users.viewer.api.get(`/api/v1/templates/${byName("Redis").id}`);
    expect(redis.body.versionDetails[0].images).toEqual([expect.objectContaining({ repository: "official/redis", tag: "7", available: false })]);
    expect(redis.body.readme).toMatch(/images\/import\?name=redis&tag=7/);
    const web = await A.users.viewer.api.get(`/api/v1/templates/${starterWeb}`);
    expect(web.body.versionDetails[0].images).toEqual([expect.objectContaining({ repository: "official/busybox", available: true })]);
    const cat = await A.users.viewer.api.get("/api/v1/templates?category=Database&q=SQL");
    expect(cat.body.items.map((t: { name: string }) => t.name).sort()).toEqual(["MySQL", "PostgreSQL"]);
  });

  it("refuses bad answers naming the question, and a missing image naming it; nothing is created", async () => {
    const before = await counts();
    const deploy = (answers: Record<string, unknown>, id = starterWeb) =>
      A.users.member.api.post(`/api/v1/templates/${id}/deploy`, { environmentId: envA, name: unique("bad").slice(0, 30), answers });
    const wrongType = await deploy({ PAGE_TEXT: "x", REPLICAS: "many" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path)).toEqual(["answers.REPLICAS"]);
    const missing = await deploy({ PAGE_TEXT: "" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(["answers.PAGE_TEXT"]);
    const tooMany = await deploy({ PAGE_TEXT: "x", REPLICAS: 9 });
    expect(tooMany.body.error.details[0]).toMatchObject({ path: "answers.REPLICAS" });
    const list = await A.users.member.api.get("/api/v1/templates?q=Redis&scope=official");
    const redis = await deploy({ REDIS_PASSWORD: "pw" }, list.body.items[0].id);
    expect(redis.status).toBe(400);
    expect(redis.body.error.details[0].path).toBe("images.official/redis:7");
    expect(redis.body.error.message).toMatch(/not in the registry yet/);
    // privileged through a variable: the ordinary policy refuses it, naming the key path
    const priv = await admin.post("/api/v1/templates", {
      name: unique("priv"),
      scope: "official",
      version: {
        version: "1",
        compose: "services:\n  box:\n    image: lab/busybox:latest\n    command: sleep 3600\n    privileged: ${PRIV}\n",
        questions: [{ variable: "PRIV", label: "Privileged", type: "boolean", default: false }],
      },
    });
    expect(priv.status, JSON.stringify(priv.body)).toBe(201);
    const beforePriv = await counts();
    const refused = await deploy({ PRIV: true }, priv.body.id);
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain("services.box.privileged");
    expect(await counts()).toEqual(beforePriv);
    expect((await admin.delete(`/api/v1/templates/${priv.body.id}`)).status).toBe(204);
    expect(await counts()).toEqual(before);
  });

  it("deploys the starter web server with answers: it converges and answers on its pool port", async () => {
    const text = unique("store-hello");
    const r = await A.users.member.api.post(`/api/v1/templates/${starterWeb}/deploy`, {
      environmentId: envA,
      name: "starter-web",
      answers: { PAGE_TEXT: text },
    });
    const app = await deployed(A.users.member.api, r);
    expect(app.port).toBeGreaterThanOrEqual(32000);
    expect(app.port).toBeLessThanOrEqual(32049);
    await answerOn(LAB_HOSTS[0].ip, app.port, text);
    const status = await A.users.viewer.api.get(`/api/v1/apps/${app.id}/upgrade`);
    expect(status.body).toMatchObject({
      template: { id: starterWeb, scope: "official" },
      runningVersion: "1.0.0",
      upgrades: [],
      answers: { PAGE_TEXT: text, REPLICAS: "1" },
    });
  });
});

describe("Rancher catalog import, upgrade and one-click rollback", () => {
  let templateId: string;
  let appId: string;

  it("refuses hostile archives without creating anything", async () => {
    const before = await counts();
    const token = A.users.member.api.auth.token!;
    const q = `/api/v1/templates/import?scope=tenant&tenantId=${A.id}`;
    const ok = { name: "templates/x/config.yml", data: "name: x\n" };
    const cases: [Buffer, string][] = [
      [tarGz([...rancherCatalog(), { name: "templates/../../../tmp/pwn", data: "x" }]), "application/gzip"],
      [tarGz([...rancherCatalog(), { name: "templates/webby/0/link", tar: { type: "2", linkname: "/etc/passwd" } }]), "application/gzip"],
      [zipOf([...rancherCatalog(), { name: "templates/webby/evil", data: "/etc/passwd", zipMode: 0o120777 }]), "application/zip"],
      [tarGz([ok, { name: "templates/x/big", data: Buffer.alloc(100 * 1024 * 1024) }]), "application/gzip"],
      [tarGz([ok, ...Array.from({ length: 10_000 }, (_, i) => ({ name: `templates/x/${i}`, data: "" }))]), "application/gzip"],
    ];
    for (const [i, [body, type]] of cases.entries()) {
      const r = await postRaw(token, q, body, type);
      expect(r.status, `case ${i}: ${JSON.stringify(r.body)}`).toBe(400);
    }
    expect(fs.existsSync("/tmp/pwn")).toBe(false);
    expect(await counts()).toEqual(before);
  }, 120_000);

  it("imports a Rancher-layout archive as one template with two versions and a per-version report", async () => {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(tarGz(rancherCatalog()))]), "catalog.tar.gz");
    const r = await fetch(`${baseUrl}/api/v1/templates/import?scope=tenant&tenantId=${A.id}`, {
      method: "POST",
      headers: { authorization: `Bearer ${A.users.member.api.auth.token}` },
      body: form,
    });
    const body = (await r.json()) as any;
    expect(r.status, JSON.stringify(body)).toBe(201);
    expect(body.templates).toHaveLength(1);
    const [t] = body.templates;
    expect(t.name).toBe("Webby");
    expect(t.versions.map((v: { version: string; status: string }) => [v.version, v.status])).toEqual([
      ["1.0.0", "imported"],
      ["2.0.0", "imported"],
    ]);
    expect(t.versions[0].ignored.join("\n")).toMatch(/io\.rancher\.container\.pull_image/);
    expect(t.versions[1].mapped.join("\n")).toMatch(/health_check/);
    templateId = t.id;
    const again = await postRaw(
      A.users.member.api.auth.token!,
      `/api/v1/templates/import?scope=tenant&tenantId=${A.id}`,
      zipOf(rancherCatalog()),
      "application/zip",
    );
    expect(again.status).toBe(201);
    expect(again.body.templates[0]).toMatchObject({ id: templateId, versions: [{ existing: true }, { existing: true }] });
    const detail = await A.users.viewer.api.get(`/api/v1/templates/${templateId}`);
    expect(detail.body.versionDetails[0].questions.map((q: { type: string }) => q.type)).toEqual([
      "string",
      "multiline",
      "int",
      "boolean",
      "enum",
      "password",
      "service",
      "certificate",
    ]);
    expect(detail.body.icon).toMatch(/^data:image\/svg/);
  });

  it("deploys version 1 with answers, upgrades to version 2 (new question, changed service), rolls back in one click", async () => {
    const api = A.users.member.api;
    const r = await api.post(`/api/v1/templates/${templateId}/deploy`, {
      environmentId: envA,
      name: "webby",
      version: "1.0.0",
      answers: { PAGE_TEXT: "rancher-v1", ADMIN_PASSWORD: "s3cret-pw", FLAVOUR: "fancy" },
    });
    const app = await deployed(api, r);
    appId = app.id;
    await answerOn(LAB_HOSTS[0].ip, app.port, "rancher-v1");
    expect(JSON.stringify((await api.get(`/api/v1/apps/${appId}/upgrade`)).body)).not.toContain("s3cret-pw");

    const status = await A.users.viewer.api.get(`/api/v1/apps/${appId}/upgrade?version=2.0.0`);
    expect(status.body).toMatchObject({ runningVersion: "1.0.0", upgrades: ["2.0.0"] });
    expect(status.body.preview.newQuestions.map((q: { variable: string }) => q.variable)).toEqual(["GREETING"]);
    expect(status.body.preview.compose).toContain("GREETING");

    expect((await A.users.viewer.api.post(`/api/v1/apps/${appId}/upgrade`, { version: "2.0.0" })).status).toBe(403);
    const bad = await api.post(`/api/v1/apps/${appId}/upgrade`, { version: "2.0.0", answers: { GREETING: "" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("answers.GREETING");
    const up = await api.post(`/api/v1/apps/${appId}/upgrade`, { version: "2.0.0", answers: { GREETING: "hey" } });
    const v2 = await deployed(api, up);
    await answerOn(LAB_HOSTS[0].ip, v2.port, "v2 rancher-v1 hey");
    expect((await api.get(`/api/v1/apps/${appId}`)).body.revision).toBe(2);
    expect((await A.users.viewer.api.get(`/api/v1/apps/${appId}/upgrade`)).body).toMatchObject({ runningVersion: "2.0.0", upgrades: [] });

    const back = await api.post(`/api/v1/apps/${appId}/rollback`, { revision: 1 });
    const v1 = await deployed(api, back);
    await answerOn(LAB_HOSTS[0].ip, v1.port, "rancher-v1");
    expect((await A.users.viewer.api.get(`/api/v1/apps/${appId}/upgrade`)).body).toMatchObject({ runningVersion: "1.0.0", upgrades: ["2.0.0"] });
    const exported = await api.get(`/api/v1/apps/${appId}/compose`);
    expect(exported.status).toBe(200);
    expect(String(exported.body)).toContain("rancher-v1");
    expect(String(exported.body)).not.toContain("GREETING");
  });
});

describe("save as template, publish, approval, market", () => {
  let sourceId: string;
  let requestId: string;
  let marketId: string;

  it("a member saves an app as a template and publishes it; the requester, owners and members cannot approve; an admin approves", async () => {
    const api = A.users.member.api;
    const apps = await api.get(`/api/v1/environments/${envA}/apps`);
    const app = apps.body.items.find((a: { name: string }) => a.name === "starter-web");
    const saved = await api.post(`/api/v1/apps/${app.id}/save-as-template`, {
      name: unique("Team page"),
      scope: "tenant",
      category: "Web server",
      description: "ours",
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    sourceId = saved.body.id;
    const detail = await api.get(`/api/v1/templates/${sourceId}`);
    expect(detail.body.versionDetails[0].questions.map((q: { variable: string }) => q.variable).sort()).toEqual(["PAGE_TEXT", "REPLICAS"]);
    expect((await A.users.viewer.api.post(`/api/v1/templates/${sourceId}/publish`, { description: "x" })).status).toBe(403);
    expect((await api.post(`/api/v1/templates/${sourceId}/publish`, { description: "x", approved: true })).status).toBe(400);
    const pr = await api.post(`/api/v1/templates/${sourceId}/publish`, { description: "Our team page" });
    expect(pr.status, JSON.stringify(pr.body)).toBe(201);
    requestId = pr.body.id;
    expect((await api.post(`/api/v1/templates/${sourceId}/publish`, { description: "again" })).status).toBe(409);

    for (const who of [A.users.member.api, A.users.owner.api]) expect((await who.post(`/api/v1/publish-requests/${requestId}/approve`)).status).toBe(403);
    const queue = await A.users.member.api.get("/api/v1/publish-requests");
    expect(queue.body.items.find((p: { id: string }) => p.id === requestId)).toMatchObject({ kind: "template", status: "pending" });
    expect((await B.users.owner.api.get("/api/v1/publish-requests")).body.items.map((p: { id: string }) => p.id)).not.toContain(requestId);
    const review = await admin.get(`/api/v1/publish-requests/${requestId}`);
    expect(review.body).toMatchObject({
      kind: "template",
      verdict: { ok: true },
      images: [expect.objectContaining({ repository: "official/busybox", visibleToAll: true })],
    });
    expect(review.body.compose).toContain("official/busybox");

    // an admin who requested cannot approve their own request either
    const own = await admin.post(`/api/v1/templates/${sourceId}/publish`, { description: "x" });
    expect(own.status).toBe(409); // the version already waits
    const adminTpl = await admin.post("/api/v1/templates", {
      name: unique("admin-own"),
      scope: "personal",
      version: { version: "1", compose: "services:\n  a:\n    image: lab/busybox:latest\n" },
    });
    const ownPr = await admin.post(`/api/v1/templates/${adminTpl.body.id}/publish`, { description: "mine", tenantId: A.id });
    expect(ownPr.status, JSON.stringify(ownPr.body)).toBe(201);
    expect((await admin.post(`/api/v1/publish-requests/${ownPr.body.id}/approve`)).status).toBe(403);

    const ok = await admin.post(`/api/v1/publish-requests/${requestId}/approve`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    marketId = ok.body.marketTemplateId;
    expect((await admin.post(`/api/v1/publish-requests/${requestId}/approve`)).status).toBe(409);
  });

  it("another tenant deploys it from the market on its own hosts; later edits do not change what the market serves", async () => {
    const market = await B.users.member.api.get("/api/v1/templates?scope=market");
    const item = market.body.items.find((t: { id: string }) => t.id === marketId);
    expect(item).toMatchObject({ scope: "market", latestVersion: "1.0.0", description: "ours" });
    // A edits its template and adds a version: the market keeps the approved one
    expect((await A.users.member.api.patch(`/api/v1/templates/${sourceId}`, { description: "changed" })).status).toBe(200);
    const src = await A.users.member.api.get(`/api/v1/templates/${sourceId}`);
    const v2 = await A.users.member.api.post(`/api/v1/templates/${sourceId}/versions`, {
      version: "2.0.0",
      compose: src.body.versionDetails[0].compose.replace("httpd", "httpd -v"),
      questions: src.body.versionDetails[0].questions,
    });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    const again = await B.users.member.api.get(`/api/v1/templates/${marketId}`);
    expect(again.body).toMatchObject({ description: "ours", latestVersion: "1.0.0" });
    expect(again.body.versions).toHaveLength(1);
    expect((await B.users.member.api.patch(`/api/v1/templates/${marketId}`, { description: "hijack" })).status).toBe(403);

    const text = unique("from-market");
    const r = await B.users.member.api.post(`/api/v1/templates/${marketId}/deploy`, { environmentId: envB, name: "market-web", answers: { PAGE_TEXT: text } });
    const app = await deployed(B.users.member.api, r);
    await answerOn(LAB_HOSTS[1].ip, app.port, text);
  });

  it("T1: tenant B's roles and anonymous get 404/401 on every endpoint of A's template and template app; nothing changes", async () => {
    const apps = await A.users.member.api.get(`/api/v1/environments/${envA}/apps`);
    const appId = apps.body.items.find((a: { name: string }) => a.name === "webby").id;
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/v1/templates/${sourceId}`],
      ["PATCH", `/api/v1/templates/${sourceId}`, { description: "pwned" }],
      ["DELETE", `/api/v1/templates/${sourceId}`],
      ["POST", `/api/v1/templates/${sourceId}/versions`, { version: "9", compose: "services:\n  a:\n    image: x\n" }],
      ["POST", `/api/v1/templates/${sourceId}/deploy`, { environmentId: envB, name: "steal", answers: {} }],
      ["POST", `/api/v1/templates/${sourceId}/publish`, { description: "x" }],
      ["POST", `/api/v1/templates/${starterWeb}/deploy`, { environmentId: envA, name: "intrude", answers: { PAGE_TEXT: "x" } }],
      ["POST", "/api/v1/templates", { name: "x", scope: "tenant", tenantId: A.id, version: { version: "1", compose: "services:\n  a:\n    image: x\n" } }],
      ["GET", `/api/v1/templates?tenantId=${A.id}&scope=tenant`],
      ["GET", `/api/v1/apps/${appId}/upgrade`],
      ["POST", `/api/v1/apps/${appId}/upgrade`, { version: "2.0.0" }],
      ["POST", `/api/v1/apps/${appId}/save-as-template`, { name: "stolen" }],
      ["GET", `/api/v1/publish-requests/${requestId}`],
    ];
    const before = await counts();
    for (const [method, p, body] of calls) {
      for (const role of ["owner", "member", "viewer"] as const) {
        const r = await B.users[role].api.request(method, p, body);
        if (p.startsWith("/api/v1/templates?")) {
          expect(
            r.body.items.map((t: { id: string }) => t.id),
            `${role} of B: ${method} ${p}`,
          ).not.toContain(sourceId);
          continue;
        }
        expect(r.status, `${role} of B: ${method} ${p}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(A.users.member.email);
      }
      expect((await new ApiClient(baseUrl).request(method, p, body)).status, `anonymous: ${method} ${p}`).toBe(401);
    }
    const importAsB = await postRaw(
      B.users.owner.api.auth.token!,
      `/api/v1/templates/import?scope=tenant&tenantId=${A.id}`,
      tarGz(rancherCatalog()),
      "application/gzip",
    );
    expect(importAsB.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it("T4: roles on templates, including mass assignment", async () => {
    type Exp = Record<"owner" | "member" | "viewer", number>;
    const compose = "services:\n  a:\n    image: lab/busybox:latest\n";
    const matrix: [string, string, () => string, (() => unknown) | undefined, Exp][] = [
      ["read tenant template", "GET", () => `/api/v1/templates/${sourceId}`, undefined, { owner: 200, member: 200, viewer: 200 }],
      ["edit tenant template", "PATCH", () => `/api/v1/templates/${sourceId}`, () => ({ category: "Web" }), { owner: 200, member: 200, viewer: 403 }],
      [
        "add a version",
        "POST",
        () => `/api/v1/templates/${sourceId}/versions`,
        () => ({ version: unique("v"), compose }),
        { owner: 201, member: 201, viewer: 403 },
      ],
      [
        "create tenant template",
        "POST",
        () => "/api/v1/templates",
        () => ({ name: unique("t"), scope: "tenant", tenantId: A.id, version: { version: "1", compose } }),
        { owner: 201, member: 201, viewer: 403 },
      ],
      [
        "create official template",
        "POST",
        () => "/api/v1/templates",
        () => ({ name: unique("o"), scope: "official", version: { version: "1", compose } }),
        { owner: 403, member: 403, viewer: 403 },
      ],
      ["edit official template", "PATCH", () => `/api/v1/templates/${starterWeb}`, () => ({ description: "x" }), { owner: 403, member: 403, viewer: 403 }],
      ["delete market template", "DELETE", () => `/api/v1/templates/${marketId}`, undefined, { owner: 403, member: 403, viewer: 403 }],
      [
        "deploy a template",
        "POST",
        () => `/api/v1/templates/${starterWeb}/deploy`,
        () => ({ environmentId: envA, name: "x", answers: { PAGE_TEXT: "" } }),
        { owner: 400, member: 400, viewer: 403 },
      ],
      ["import into the official scope", "POST", () => "/api/v1/templates/import?scope=official", () => ({}), { owner: 403, member: 403, viewer: 403 }],
    ];
    for (const [label, method, p, body, expected] of matrix)
      for (const role of ["owner", "member", "viewer"] as const) {
        const r = await A.users[role].api.request(method, p(), body?.());
        expect(r.status, `${role}: ${label} ${JSON.stringify(r.body)}`).toBe(expected[role]);
      }
    const m = A.users.member.api;
    const smuggle = [
      { name: "x", scope: "tenant", tenantId: B.id, version: { version: "1", compose } },
      { name: "x", scope: "personal", ownerId: A.users.owner.id, version: { version: "1", compose } },
      { name: "x", scope: "market", version: { version: "1", compose } },
      { name: "x", scope: "personal", sourceId, version: { version: "1", compose } },
    ];
    const before = await db.template.count();
    expect((await m.post("/api/v1/templates", smuggle[0])).status).toBe(404);
    for (const s of smuggle.slice(1)) expect((await m.post("/api/v1/templates", s)).status).toBe(400);
    expect((await m.patch(`/api/v1/templates/${sourceId}`, { scope: "official" })).status).toBe(400);
    expect((await m.patch(`/api/v1/templates/${sourceId}`, { tenantId: B.id })).status).toBe(400);
    expect(await db.template.count()).toBe(before);
    expect((await db.template.findUnique({ where: { id: sourceId } }))?.scope).toBe("tenant");
  });
});
