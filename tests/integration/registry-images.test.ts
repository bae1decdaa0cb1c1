// Issue 5 acceptance on the real registry (embedded, started by the test portal on 10.77.0.1:5000)
// and the real lab engines: docker CLI login/push/pull as different users (T20 incl. name tricks),
// commit → publish → approve → another tenant deploys the market image on a host that never had it,
// pinned to the approved digest (T21), and no credential in any answer, page or log (T22).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, sessionCookie, tokenClient, waitForJob } from "../support/api-client";
import { dockerCli } from "../support/docker-cli";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, LAB_REGISTRY, eventually, labEngine, leaveAllSwarms, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let reg: string;
const hostIds: string[] = [];
const appIds: Array<{ api: ApiClient; id: string }> = [];
const answers: string[] = []; // every API answer body, for the T22 sweep
const secrets: string[] = []; // passwords, API tokens, registry tokens seen by the test
const configDirs: string[] = [];

function record<T extends { body: unknown }>(r: T): T {
  answers.push(JSON.stringify(r.body));
  return r;
}

/** The docker CLI against lab1's engine, with its own credential store per user. */
function docker(configDir: string, args: string[], stdin?: string, host = LAB_HOSTS[0].endpoint): Promise<{ code: number; out: string }> {
  return dockerCli(configDir, args, host, stdin);
}

async function loginAs(email: string, secret: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-docker-"));
  configDirs.push(dir);
  const r = await docker(dir, ["login", reg, "-u", email, "--password-stdin"], secret);
  expect(r.code, r.out).toBe(0);
  return dir;
}

async function tokenFor(
  email: string,
  secret: string,
  scopes: string[],
): Promise<{ status: number; access: Array<{ type: string; name: string; actions: string[] }>; raw: string }> {
  const u = new URL(`${baseUrl}/api/registry/token`);
  u.searchParams.set("service", "caas-registry");
  for (const s of scopes) u.searchParams.append("scope", s);
  const r = await fetch(u, { headers: { authorization: `Basic ${Buffer.from(`${email}:${secret}`).toString("base64")}` } });
  const body = (await r.json()) as { token?: string };
  if (!body.token) return { status: r.status, access: [], raw: JSON.stringify(body) };
  secrets.push(body.token);
  const payload = JSON.parse(Buffer.from(body.token.split(".")[1], "base64url").toString("utf8"));
  return { status: r.status, access: payload.access, raw: body.token };
}

const apiToken = (w: TenantWorld, role: "owner" | "member" | "viewer") => w.users[role].api.auth.token!;

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "reg-a");
  B = await buildTenant(baseUrl, admin, "reg-b");
  for (const w of [A, B]) for (const u of Object.values(w.users)) secrets.push(u.password, u.api.auth.token!);
  secrets.push(adminCreds.password, admin.auth.token!);
  const info = record(await A.users.member.api.get("/api/v1/registry"));
  expect(info.status).toBe(200);
  reg = info.body.url;
  expect(reg).toBe(LAB_REGISTRY);
  await eventually("registry answering", async () => (await fetch(`http://${reg}/v2/`).catch(() => null))?.status === 401, 20_000);
}, 120_000);

afterAll(async () => {
  for (const a of appIds) {
    const r = await a.api.delete(`/api/v1/apps/${a.id}`);
    if (r.status === 202) await waitForJob(a.api, r.body.jobId, 120_000).catch(() => undefined);
  }
  for (const id of hostIds.reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
  for (const d of configDirs) fs.rmSync(d, { recursive: true, force: true });
}, 300_000);

describe("token endpoint (T20)", () => {
  it("anonymous and wrong credentials get 401 with a challenge", async () => {
    const anon = await fetch(`${baseUrl}/api/registry/token?service=caas-registry&scope=repository:official/x:pull`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toMatch(/Basic/);
    const wrong = await tokenFor(A.users.member.email, "not-the-password", ["repository:official/x:pull"]);
    expect(wrong.status).toBe(401);
    // someone else's API token under my name
    const swapped = await tokenFor(A.users.member.email, apiToken(B, "member"), ["repository:official/x:pull"]);
    expect(swapped.status).toBe(401);
  });

  it("grants requested ∩ allowed, with password or API token", async () => {
    const m = A.users.member;
    const scopes = [
      `repository:t/${A.slug}/web:pull,push`,
      `repository:t/${B.slug}/web:pull,push`,
      `repository:u/${m.id}/x:pull,push`,
      `repository:u/${B.users.member.id}/x:pull,push`,
      "repository:market/web:pull,push",
      "repository:official/web:pull,push,delete",
      "registry:catalog:*",
    ];
    for (const secret of [m.password, apiToken(A, "member")]) {
      const t = await tokenFor(m.email, secret, scopes);
      expect(t.status).toBe(200);
      expect(t.access.map((a) => [a.name, a.actions])).toEqual([
        [`t/${A.slug}/web`, ["pull", "push"]],
        [`t/${B.slug}/web`, []],
        [`u/${m.id}/x`, ["pull", "push"]],
        [`u/${B.users.member.id}/x`, []],
        ["market/web", ["pull"]],
        ["official/web", ["pull"]],
        ["catalog", []],
      ]);
    }
    const viewer = await tokenFor(A.users.viewer.email, A.users.viewer.password, [`repository:t/${A.slug}/web:pull,push`]);
    expect(viewer.access[0].actions).toEqual(["pull"]);
    const adm = await tokenFor(adminCreds.email, adminCreds.password, ["registry:catalog:*", "repository:official/web:push", "repository:market/web:push"]);
    expect(adm.access.map((a) => a.actions)).toEqual([["*"], ["push"], []]);
  });

  it("name tricks never widen access", async () => {
    const m = A.users.member;
    const tricks = [
      `t/${A.slug}/../${B.slug}/web`,
      `t/${B.slug}/../${A.slug}/web`,
      `T/${A.slug.toUpperCase()}/web`,
      `t/${A.slug}/%2e%2e/${B.slug}`,
      `t%2f${B.slug}%2fweb`,
      `t/${B.slug}/web`,
      `u/${m.id.toUpperCase()}/x`,
      `t/${A.slug}//web`,
      `./t/${A.slug}/web`,
      `${LAB_REGISTRY}/t/${A.slug}/web`,
    ];
    const t = await tokenFor(
      m.email,
      m.password,
      tricks.map((n) => `repository:${n}:pull,push`),
    );
    for (const a of t.access) expect([a.name, a.actions]).toEqual([a.name, []]);
  });
});

describe("docker CLI as different users", () => {
  let memberCfg: string;
  let viewerCfg: string;
  let bCfg: string;
  let adminCfg: string;

  beforeAll(async () => {
    memberCfg = await loginAs(A.users.member.email, apiToken(A, "member")); // an API token as the password
    viewerCfg = await loginAs(A.users.viewer.email, A.users.viewer.password);
    bCfg = await loginAs(B.users.member.email, B.users.member.password);
    adminCfg = await loginAs(adminCreds.email, adminCreds.password);
  }, 60_000);

  it("pushes to one's personal repository and sees it with its digest", async () => {
    const ref = `${reg}/u/${A.users.member.id}/bb:1`;
    expect((await docker(memberCfg, ["tag", "lab/busybox:latest", ref])).code).toBe(0);
    const push = await docker(memberCfg, ["push", ref]);
    expect(push.code, push.out).toBe(0);
    const digest = /digest: (sha256:[a-f0-9]{64})/.exec(push.out)?.[1];
    expect(digest).toBeTruthy();
    const img = await eventually(
      "image listed",
      async () => {
        const r = record(await A.users.member.api.get("/api/v1/images?scope=personal"));
        return r.body.items.find((i: { repository: string }) => i.repository === `u/${A.users.member.id}/bb`);
      },
      20_000,
    );
    expect(img).toMatchObject({ tag: "1", digest, scope: "personal", pushedBy: { email: A.users.member.email } });
    expect(img.sizeBytes).toBeGreaterThan(0);
    // nobody else sees or pulls it
    const other = record(await B.users.member.api.get("/api/v1/images?scope=personal"));
    expect(other.body).toEqual({ items: [] });
    expect((await docker(bCfg, ["pull", ref])).code).not.toBe(0);
  });

  it("tenant repository: members push, viewers pull only, other tenants nothing", async () => {
    const ref = `${reg}/t/${A.slug}/bb:1`;
    await docker(memberCfg, ["tag", "lab/busybox:latest", ref]);
    const ok = await docker(memberCfg, ["push", ref]);
    expect(ok.code, ok.out).toBe(0);
    const viewerPush = await docker(viewerCfg, ["push", ref]);
    expect(viewerPush.code).not.toBe(0);
    expect(viewerPush.out).toMatch(/denied|unauthorized|insufficient/i);
    await docker(viewerCfg, ["rmi", ref]);
    const viewerPull = await docker(viewerCfg, ["pull", ref]);
    expect(viewerPull.code, viewerPull.out).toBe(0);
    const bPull = await docker(bCfg, ["pull", ref]);
    expect(bPull.code).not.toBe(0);
    // another tenant's namespace: denied
    const bRef = `${reg}/t/${B.slug}/evil:1`;
    await docker(memberCfg, ["tag", "lab/busybox:latest", bRef]);
    const denied = await docker(memberCfg, ["push", bRef]);
    expect(denied.code).not.toBe(0);
    expect(denied.out).toMatch(/denied|unauthorized|insufficient/i);
    expect(record(await B.users.owner.api.get("/api/v1/images?scope=tenant")).body.items).toEqual([]);
  });

  it("nobody pushes to the marketplace directly, not even an admin; official is for admins", async () => {
    for (const cfg of [memberCfg, adminCfg]) {
      const ref = `${reg}/market/sneaky:1`;
      await docker(cfg, ["tag", "lab/busybox:latest", ref]);
      const r = await docker(cfg, ["push", ref]);
      expect(r.code).not.toBe(0);
    }
    const off = `${reg}/official/bb:1`;
    await docker(adminCfg, ["tag", "lab/busybox:latest", off]);
    expect((await docker(adminCfg, ["push", off])).code).toBe(0);
    expect((await docker(memberCfg, ["push", off])).code).not.toBe(0);
    await docker(bCfg, ["rmi", off]);
    expect((await docker(bCfg, ["pull", off])).code).toBe(0);
  });
});

describe("registry notifications", () => {
  it("refuse an unknown sender and are idempotent on redelivery", async () => {
    const envelope = (digest: string) => ({
      events: [
        {
          action: "push",
          target: { mediaType: "application/vnd.docker.distribution.manifest.v2+json", repository: `u/${A.users.member.id}/bb`, tag: "1", digest, size: 1 },
          actor: { name: A.users.member.id },
        },
      ],
    });
    const forged = await fetch(`${baseUrl}/api/registry/events`, {
      method: "POST",
      headers: { authorization: "Bearer guess" },
      body: JSON.stringify(envelope(`sha256:${"0".repeat(64)}`)),
    });
    expect(forged.status).toBe(401);
    const secret = fs.readFileSync(path.join(inject("dataDir"), "registry", "events.secret"), "utf8").trim();
    const before = record(await A.users.member.api.get("/api/v1/images?scope=personal")).body.items as Array<{
      id: string;
      repository: string;
      digest: string;
    }>;
    const row = before.find((i) => i.repository === `u/${A.users.member.id}/bb`)!;
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${baseUrl}/api/registry/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}` },
        body: JSON.stringify(envelope(row.digest)),
      });
      expect(r.status).toBe(200);
    }
    // a notification naming the marketplace is ignored: market rows come from approvals only (T21)
    const sneaky = { events: [{ action: "push", target: { repository: "market/sneaky", tag: "1", digest: row.digest }, actor: { name: A.users.member.id } }] };
    await fetch(`${baseUrl}/api/registry/events`, { method: "POST", headers: { authorization: `Bearer ${secret}` }, body: JSON.stringify(sneaky) });
    const after = record(await A.users.member.api.get("/api/v1/images?scope=personal")).body.items as Array<{ id: string }>;
    expect(after.map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());
    expect(
      (record(await A.users.member.api.get("/api/v1/images?scope=market")).body.items as Array<{ repository: string }>).map((i) => i.repository),
    ).not.toContain("market/sneaky");
  });
});

describe("official image from a docker save tarball", () => {
  it("admins import it, every tenant pulls it; members may not import", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caas-save-"));
    configDirs.push(dir);
    const tar = path.join(dir, "bb.tar");
    const saved = await docker(dir, ["save", "-o", tar, "lab/busybox:latest"]);
    expect(saved.code, saved.out).toBe(0);
    const body = fs.readFileSync(tar);
    const post = (token: string) =>
      fetch(`${baseUrl}/api/v1/images/import?name=imported&tag=1`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/x-tar" },
        body: new Uint8Array(body),
      });
    expect((await post(apiToken(A, "owner"))).status).toBe(403);
    const r = await post(admin.auth.token!);
    const j = (await r.json()) as { repository: string; digest: string };
    answers.push(JSON.stringify(j));
    expect(r.status, JSON.stringify(j)).toBe(201);
    expect(j.repository).toBe("official/imported");
    const cfg = await loginAs(B.users.viewer.email, B.users.viewer.password);
    const pull = await docker(cfg, ["pull", `${reg}/official/imported:1`], undefined, LAB_HOSTS[2].endpoint);
    expect(pull.code, pull.out).toBe(0);
    expect(pull.out).toContain(j.digest);
  });
});

describe("commit → publish → approve → another tenant deploys (T21)", () => {
  it("runs the approved digest on a host that never had it", async () => {
    // A: environment on lab1, an app to commit from
    const envA = record(await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "reg-a", portRange: { from: 31000, to: 31009 } }));
    expect(envA.status).toBe(201);
    const hA = record(await admin.post(`/api/v1/environments/${envA.body.id}/hosts`, { name: "lab1", endpoint: LAB_HOSTS[0].endpoint }));
    expect(hA.status, JSON.stringify(hA.body)).toBe(201);
    hostIds.push(hA.body.id);
    const compose = `services:\n  web:\n    image: lab/busybox:latest\n    command: sh -c "mkdir -p /www && echo committed-ok > /www/index.html && exec httpd -f -p 80 -h /www"\n`;
    const app = record(await A.users.member.api.post(`/api/v1/environments/${envA.body.id}/apps`, { name: "src", compose }));
    expect(app.status, JSON.stringify(app.body)).toBe(202);
    appIds.push({ api: A.users.member.api, id: app.body.app.id });
    expect((await waitForJob(A.users.member.api, app.body.jobId)).status).toBe("succeeded");
    const svc = app.body.app.services[0].id;
    const container = await eventually("a running container", async () => {
      const r = await A.users.member.api.get(`/api/v1/services/${svc}/containers`);
      return r.body.items?.find((c: { state: string; host: unknown }) => c.state === "running" && c.host);
    });

    // B may not commit A's container; A's viewer may not either
    expect((await B.users.member.api.post(`/api/v1/containers/${container.id}/commit`, { repository: "x" })).status).toBe(404);
    expect((await A.users.viewer.api.post(`/api/v1/containers/${container.id}/commit`, { repository: "x" })).status).toBe(403);
    expect((await A.users.member.api.post(`/api/v1/containers/${container.id}/commit`, { repository: `t/${B.slug}/x` })).status).toBe(400);

    const commit = record(await A.users.member.api.post(`/api/v1/containers/${container.id}/commit`, { repository: "web", tag: "v1", message: "first cut" }));
    expect(commit.status, JSON.stringify(commit.body)).toBe(202);
    const job = await waitForJob(A.users.member.api, commit.body.jobId, 180_000);
    expect(job.status, job.error).toBe("succeeded");
    record({ body: job });
    const mine = record(await A.users.member.api.get("/api/v1/images?scope=personal")).body.items as Array<{
      id: string;
      repository: string;
      tag: string;
      digest: string;
      description: string;
    }>;
    const committed = mine.find((i) => i.repository === `u/${A.users.member.id}/web` && i.tag === "v1")!;
    expect(committed).toMatchObject({ description: "first cut" });
    const approvedDigest = committed.digest;

    // publish request pins the digest
    expect((await A.users.viewer.api.post(`/api/v1/images/${committed.id}/publish`, { description: "x" })).status).toBe(404);
    const pr = record(await A.users.member.api.post(`/api/v1/images/${committed.id}/publish`, { description: "A tiny web server" }));
    expect(pr.status, JSON.stringify(pr.body)).toBe(201);
    expect(pr.body.digest).toBe(approvedDigest);
    expect((await A.users.member.api.post(`/api/v1/images/${committed.id}/publish`, { description: "again" })).status).toBe(409);

    // the source tag moves on after the request: the marketplace must still get the requested digest
    const memberCfg = await loginAs(A.users.member.email, A.users.member.password);
    const srcRef = `${reg}/u/${A.users.member.id}/web:v1`;
    await docker(memberCfg, ["tag", "lab/busybox:latest", srcRef]);
    expect((await docker(memberCfg, ["push", srcRef])).code).toBe(0);
    await eventually(
      "source tag moved",
      async () => {
        const r = await A.users.member.api.get(`/api/v1/images/${committed.id}`);
        return r.body.digest !== approvedDigest;
      },
      20_000,
    );

    // only admins decide; the queue shows details
    expect((await A.users.owner.api.post(`/api/v1/publish-requests/${pr.body.id}/approve`)).status).toBe(403);
    const list = record(await A.users.member.api.get("/api/v1/publish-requests"));
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(pr.body.id);
    expect(record(await B.users.owner.api.get("/api/v1/publish-requests")).body).toEqual({ items: [] });
    const details = record(await admin.get(`/api/v1/publish-requests/${pr.body.id}`));
    expect(details.body.layers.length).toBeGreaterThan(0);
    expect(details.body.history.length).toBeGreaterThan(0);
    expect(details.body.requestedBy.email).toBe(A.users.member.email);
    const approved = record(await admin.post(`/api/v1/publish-requests/${pr.body.id}/approve`));
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ repository: "market/web", digest: approvedDigest });
    expect((await admin.post(`/api/v1/publish-requests/${pr.body.id}/approve`)).status).toBe(409);

    // B sees it in the marketplace at the approved digest
    const market = record(await B.users.member.api.get("/api/v1/images?scope=market&q=web")).body.items as Array<{
      id: string;
      repository: string;
      digest: string;
    }>;
    const item = market.find((i) => i.repository === "market/web")!;
    expect(item.digest).toBe(approvedDigest);
    const audit = record(await A.users.owner.api.get(`/api/v1/audit?tenantId=${A.id}&action=image.publish.approve`));
    expect(JSON.stringify(audit.body)).toContain(pr.body.id);

    // B deploys it onto lab2, which never had it
    const lab2 = labEngine(1);
    await expect(lab2.inspectImage(`${reg}/market/web@${approvedDigest}`)).rejects.toThrow();
    await expect(lab2.inspectImage(`${reg}/u/${A.users.member.id}/web@${approvedDigest}`)).rejects.toThrow();
    const envB = record(await B.users.owner.api.post("/api/v1/environments", { tenantId: B.id, name: "reg-b", portRange: { from: 31010, to: 31019 } }));
    const hB = record(await admin.post(`/api/v1/environments/${envB.body.id}/hosts`, { name: "lab2", endpoint: LAB_HOSTS[1].endpoint }));
    expect(hB.status, JSON.stringify(hB.body)).toBe(201);
    hostIds.push(hB.body.id);
    const dep = record(await B.users.member.api.post(`/api/v1/images/${item.id}/deploy`, { environmentId: envB.body.id, name: "from-market" }));
    expect(dep.status, JSON.stringify(dep.body)).toBe(202);
    appIds.push({ api: B.users.member.api, id: dep.body.app.id });
    const dj = await waitForJob(B.users.member.api, dep.body.jobId, 180_000);
    expect(dj.status, dj.error).toBe("succeeded");
    const services = await lab2.listServices({ label: [`caas.app=${dep.body.app.id}`] });
    expect(services[0].spec.TaskTemplate?.ContainerSpec?.Image ?? JSON.stringify(services[0])).toContain(`market/web@${approvedDigest}`);
    const compose2 = record(await B.users.member.api.get(`/api/v1/apps/${dep.body.app.id}/compose`));
    expect(JSON.stringify(compose2.body)).toContain(approvedDigest);
  }, 600_000);
});

describe("T22: no credential in answers, pages or logs", () => {
  it("finds none of the passwords, API tokens or registry tokens", async () => {
    const cookie = await sessionCookie(baseUrl, A.users.member.email, A.users.member.password);
    for (const p of ["/images", "/marketplace"]) {
      const r = await fetch(baseUrl + p, { headers: { cookie } });
      answers.push(await r.text());
    }
    const adminCookie = await sessionCookie(baseUrl, adminCreds.email, adminCreds.password);
    answers.push(await (await fetch(`${baseUrl}/admin/publish-requests`, { headers: { cookie: adminCookie } })).text());
    const regLog = path.join(inject("dataDir"), "registry", "registry.log");
    const logs = fs.existsSync(regLog) ? fs.readFileSync(regLog, "utf8") : "";
    const haystack = answers.join("\n") + logs;
    for (const s of secrets) expect(haystack.includes(s), `a secret (${s.slice(0, 6)}…) leaked`).toBe(false);
    // no JWT at all (registry tokens, deploy credentials) in any answer or page
    expect(answers.join("\n")).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
