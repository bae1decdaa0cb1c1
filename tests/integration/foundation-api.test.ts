// Foundation through the real server: the acceptance path, error shapes, T1 (cross-tenant sweep for
// the foundation's resources), T4 (role matrix incl. mass assignment), T5 (revocation), T7 (CSRF).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { io } from "socket.io-client";
import { db } from "@/lib/db";
import { ApiClient, sessionCookie, tokenClient, unique } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let envA: { id: string; name: string };

beforeAll(async () => {
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "a");
  B = await buildTenant(baseUrl, admin, "b");
  const r = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "prod", portRange: { from: 31000, to: 31099 } });
  expect(r.status).toBe(201);
  envA = r.body;
});

describe("acceptance", () => {
  it("health answers ok without auth", async () => {
    const r = await new ApiClient(baseUrl).get("/api/health");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", db: "ok" });
    expect(typeof r.body.version).toBe("string");
  });

  it("the admin from CAAS_ADMIN_EMAIL gets a token and /me says platform admin", async () => {
    const me = await admin.get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: adminCreds.email, platformAdmin: true });
  });

  it("searches ignore case on both databases (users by e-mail, audit by action)", async () => {
    const email = (await db.user.findUniqueOrThrow({ where: { id: A.users.member.id } })).email;
    const upper = email.split("@")[0].toUpperCase();
    const users = await admin.get(`/api/v1/users?q=${encodeURIComponent(upper)}`);
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { id: string }) => u.id)).toContain(A.users.member.id);
    const audit = await admin.get(`/api/v1/audit?action=${encodeURIComponent("ENVIRONMENT.")}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(audit.body.items.every((e: { action: string }) => e.action.toLowerCase().includes("environment."))).toBe(true);
  });

  it("a member of tenant B gets 404 for tenant A's environment and does not see it in lists", async () => {
    for (const role of ["owner", "member", "viewer"] as const) {
      const api = B.users[role].api;
      const r = await api.get(`/api/v1/environments/${envA.id}`);
      expect(r.status).toBe(404);
      const list = await api.get("/api/v1/environments");
      expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(envA.id);
    }
    const own = await A.users.viewer.api.get(`/api/v1/environments/${envA.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: envA.id, tenantId: A.id, portRange: { from: 31000, to: 31099 } });
  });

  it("a viewer's mutations are refused and change nothing", async () => {
    const before = await db.environment.count({ where: { tenantId: A.id } });
    const v = A.users.viewer.api;
    expect((await v.post("/api/v1/environments", { tenantId: A.id, name: "viewer-env" })).status).toBe(403);
    expect((await v.patch(`/api/v1/environments/${envA.id}`, { description: "x" })).status).toBe(403);
    expect((await v.delete(`/api/v1/environments/${envA.id}`)).status).toBe(403);
    expect((await v.post(`/api/v1/tenants/${A.id}/members`, { userId: A.users.viewer.id, role: "owner" })).status).toBe(403);
    expect(await db.environment.count({ where: { tenantId: A.id } })).toBe(before);
    expect((await db.membership.findFirst({ where: { tenantId: A.id, userId: A.users.viewer.id } }))?.role).toBe("viewer");
  });

  it("each mutation is in the audit log, visible to the tenant owner and not to other tenants", async () => {
    const r = await A.users.owner.api.get(`/api/v1/audit?tenantId=${A.id}`);
    expect(r.status).toBe(200);
    const actions = r.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tenant.create", "member.add", "environment.create"]));
    const created = r.body.items.find((e: { action: string }) => e.action === "environment.create");
    expect(created).toMatchObject({ actorEmail: A.users.owner.email, targetId: envA.id, result: "ok" });
    expect((await B.users.owner.api.get(`/api/v1/audit?tenantId=${A.id}`)).status).toBe(404);
    expect((await A.users.member.api.get(`/api/v1/audit?tenantId=${A.id}`)).status).toBe(403);
    const bView = await B.users.owner.api.get("/api/v1/audit");
    expect(bView.body.items.every((e: { tenantId: string }) => e.tenantId === B.id)).toBe(true);
  });
});

describe("error shapes (API.md)", () => {
  it("400 VALIDATION names the fields", async () => {
    const r = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "Bad Name", portRange: { from: 40000, to: 30000 } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION");
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(["name", "portRange.to"]));
  });
  it("401 UNAUTHENTICATED without or with a bad token", async () => {
    expect((await new ApiClient(baseUrl).get("/api/v1/me")).body.error.code).toBe("UNAUTHENTICATED");
    const bad = await new ApiClient(baseUrl, { token: "caas_not-a-token" }).get("/api/v1/me");
    expect(bad.status).toBe(401);
  });
  it("404 is the same for a missing id and another tenant's id", async () => {
    const foreign = await B.users.owner.api.get(`/api/v1/environments/${envA.id}`);
    const missing = await B.users.owner.api.get(`/api/v1/environments/does-not-exist`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
  });
  it("409 CONFLICT for a taken name, and a double submit creates one row (T28)", async () => {
    const name = unique("dup").slice(0, 30).toLowerCase();
    const [r1, r2] = await Promise.all([
      A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name }),
      A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([201, 409]);
    expect(await db.environment.count({ where: { tenantId: A.id, name } })).toBe(1);
  });
  it("openapi.json describes the API", async () => {
    const r = await new ApiClient(baseUrl).get("/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.paths["/api/v1/tenants/{id}/members"]).toBeDefined();
  });
});

describe("T1 cross-tenant sweep (foundation resources)", () => {
  it("every tenant-A object endpoint refuses tenant B's roles and anonymous, changing nothing", async () => {
    const counts = async () => [
      await db.environment.count(),
      await db.membership.count(),
      await db.tenant.count(),
      await db.auditEvent.count({ where: { tenantId: A.id } }),
    ];
    const before = await counts();
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/v1/tenants/${A.id}`],
      ["GET", `/api/v1/tenants/${A.id}/members`],
      ["POST", `/api/v1/tenants/${A.id}/members`, { userId: B.users.owner.id, role: "owner" }],
      ["DELETE", `/api/v1/tenants/${A.id}/members/${A.users.member.id}`],
      ["DELETE", `/api/v1/tenants/${A.id}/members?userId=${A.users.member.id}`],
      ["GET", `/api/v1/environments/${envA.id}`],
      ["PATCH", `/api/v1/environments/${envA.id}`, { description: "pwned" }],
      ["DELETE", `/api/v1/environments/${envA.id}`],
      ["POST", "/api/v1/environments", { tenantId: A.id, name: "intruder" }],
      ["GET", `/api/v1/environments?tenantId=${A.id}`],
      ["GET", `/api/v1/audit?tenantId=${A.id}`],
    ];
    for (const [method, path, body] of calls) {
      for (const role of ["owner", "member", "viewer"] as const) {
        const r = await B.users[role].api.request(method, path, body);
        expect(r.status, `${role} of B: ${method} ${path}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain(A.users.owner.email);
      }
      const anon = await new ApiClient(baseUrl).request(method, path, body);
      expect(anon.status, `anonymous: ${method} ${path}`).toBe(401);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("T4 role matrix", () => {
  type Expect = Record<"owner" | "member" | "viewer", number>;
  const matrix: [string, string, () => string, (() => unknown) | undefined, Expect][] = [
    ["read tenant", "GET", () => `/api/v1/tenants/${A.id}`, undefined, { owner: 200, member: 200, viewer: 200 }],
    ["list members", "GET", () => `/api/v1/tenants/${A.id}/members`, undefined, { owner: 200, member: 200, viewer: 200 }],
    ["read environment", "GET", () => `/api/v1/environments/${envA.id}`, undefined, { owner: 200, member: 200, viewer: 200 }],
    ["edit environment", "PATCH", () => `/api/v1/environments/${envA.id}`, () => ({ description: "edited" }), { owner: 200, member: 403, viewer: 403 }],
    [
      "create environment",
      "POST",
      () => "/api/v1/environments",
      () => ({ tenantId: A.id, name: unique("m").toLowerCase().slice(0, 30) }),
      { owner: 201, member: 403, viewer: 403 },
    ],
    ["read audit", "GET", () => `/api/v1/audit?tenantId=${A.id}`, undefined, { owner: 200, member: 403, viewer: 403 }],
    ["list users", "GET", () => "/api/v1/users", undefined, { owner: 403, member: 403, viewer: 403 }],
    [
      "create user",
      "POST",
      () => "/api/v1/users",
      () => ({ email: `${unique("x")}@example.test`, name: "x", password: "password-x" }),
      { owner: 403, member: 403, viewer: 403 },
    ],
    ["create tenant", "POST", () => "/api/v1/tenants", () => ({ name: "x", slug: unique("x").toLowerCase() }), { owner: 403, member: 403, viewer: 403 }],
    ["set bind allow-list", "PATCH", () => `/api/v1/environments/${envA.id}`, () => ({ bindAllowList: ["/"] }), { owner: 403, member: 403, viewer: 403 }],
    // issue 16: shared environments, quotas, usage, prices
    ["create shared environment", "POST", () => "/api/v1/environments", () => ({ name: "shared-x", shared: true }), { owner: 403, member: 403, viewer: 403 }],
    ["read quota", "GET", () => `/api/v1/tenants/${A.id}/quota`, undefined, { owner: 200, member: 200, viewer: 200 }],
    ["set quota", "PUT", () => `/api/v1/tenants/${A.id}/quota`, () => ({ cpus: 1000 }), { owner: 403, member: 403, viewer: 403 }],
    ["read quota defaults", "GET", () => "/api/v1/quota-defaults", undefined, { owner: 403, member: 403, viewer: 403 }],
    ["set quota defaults", "PUT", () => "/api/v1/quota-defaults", () => ({ cpus: 1000 }), { owner: 403, member: 403, viewer: 403 }],
    ["read usage", "GET", () => `/api/v1/usage?tenantId=${A.id}`, undefined, { owner: 200, member: 403, viewer: 403 }],
    ["read another tenant's usage", "GET", () => `/api/v1/usage?tenantId=${B.id}`, undefined, { owner: 404, member: 404, viewer: 404 }],
    ["read another tenant's quota", "GET", () => `/api/v1/tenants/${B.id}/quota`, undefined, { owner: 404, member: 404, viewer: 404 }],
    ["read prices", "GET", () => "/api/v1/prices", undefined, { owner: 200, member: 200, viewer: 200 }],
    [
      "set prices",
      "PUT",
      () => "/api/v1/prices",
      () => ({ items: [{ kind: "shared", cpuHour: 9, memoryGbHour: 9 }] }),
      { owner: 403, member: 403, viewer: 403 },
    ],
    // issue 17: regions are listed by everyone, managed by platform admins only
    ["list regions", "GET", () => "/api/v1/regions", undefined, { owner: 200, member: 200, viewer: 200 }],
    ["read the default region", "GET", () => "/api/v1/regions/default", undefined, { owner: 200, member: 200, viewer: 200 }],
    [
      "create region",
      "POST",
      () => "/api/v1/regions",
      () => ({ name: unique("r").toLowerCase().slice(0, 30), displayName: "R", registry: { url: "https://r.example" } }),
      { owner: 403, member: 403, viewer: 403 },
    ],
    ["edit region", "PATCH", () => "/api/v1/regions/default", () => ({ displayName: "pwned" }), { owner: 403, member: 403, viewer: 403 }],
    ["delete region", "DELETE", () => "/api/v1/regions/default", undefined, { owner: 403, member: 403, viewer: 403 }],
  ];
  for (const [label, method, path, body, expected] of matrix) {
    it(label, async () => {
      for (const role of ["owner", "member", "viewer"] as const) {
        const r = await A.users[role].api.request(method, path(), body?.());
        expect(r.status, `${role}: ${label}`).toBe(expected[role]);
      }
    });
  }

  it("mass assignment: tenantId, role, platformAdmin and unknown fields cannot be smuggled in", async () => {
    const owner = A.users.owner.api;
    const moved = await owner.patch(`/api/v1/environments/${envA.id}`, { tenantId: B.id });
    expect(moved.status).toBe(400);
    expect((await db.environment.findUnique({ where: { id: envA.id } }))?.tenantId).toBe(A.id);
    const approved = await owner.patch(`/api/v1/environments/${envA.id}`, { approved: true, swarmClusterId: "x" });
    expect(approved.status).toBe(400);
    const badRole = await owner.post(`/api/v1/tenants/${A.id}/members`, { userId: A.users.viewer.id, role: "admin" });
    expect(badRole.status).toBe(400);
    const selfAdmin = await A.users.member.api.post("/api/v1/users", {
      email: `${unique("s")}@example.test`,
      name: "s",
      password: "password-s",
      platformAdmin: true,
    });
    expect(selfAdmin.status).toBe(403);
    const elsewhere = await owner.post("/api/v1/environments", { tenantId: B.id, name: "smuggled" });
    expect(elsewhere.status).toBe(404);
    expect(await db.environment.count({ where: { tenantId: B.id, name: "smuggled" } })).toBe(0);
    expect((await db.user.findUnique({ where: { id: A.users.member.id } }))?.platformAdmin).toBe(false);
  });
});

describe("T5 revocation", () => {
  it("removing, demoting and disabling take effect on the next request", async () => {
    const t = await buildTenant(baseUrl, admin, "rev");
    const r = await t.users.owner.api.post("/api/v1/environments", { tenantId: t.id, name: "e1" });
    expect(r.status).toBe(201);
    // demote owner → viewer: mutations now 403
    expect((await admin.post(`/api/v1/tenants/${t.id}/members`, { userId: t.users.member.id, role: "owner" })).status).toBe(201);
    expect((await admin.post(`/api/v1/tenants/${t.id}/members`, { userId: t.users.owner.id, role: "viewer" })).status).toBe(201);
    expect((await t.users.owner.api.patch(`/api/v1/environments/${r.body.id}`, { description: "x" })).status).toBe(403);
    // remove: the tenant's objects are now not found
    expect((await admin.delete(`/api/v1/tenants/${t.id}/members/${t.users.viewer.id}`)).status).toBe(204);
    expect((await t.users.viewer.api.get(`/api/v1/environments/${r.body.id}`)).status).toBe(404);
    // disable: the token stops working, and so does a browser session
    const cookie = await sessionCookie(baseUrl, t.users.member.email, t.users.member.password);
    const browser = new ApiClient(baseUrl, { cookie });
    expect((await browser.get("/api/v1/me")).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${t.users.member.id}`, { disabled: true })).status).toBe(200);
    expect((await t.users.member.api.get("/api/v1/me")).status).toBe(401);
    expect((await browser.get("/api/v1/me")).status).toBe(401);
    expect((await new ApiClient(baseUrl).post("/api/v1/tokens", { email: t.users.member.email, password: t.users.member.password, name: "x" })).status).toBe(
      401,
    );
  });

  it("a revoked API token stops working", async () => {
    const api = await tokenClient(baseUrl, A.users.member.email, A.users.member.password);
    const list = await api.get("/api/v1/tokens");
    const mine = list.body.items[0];
    expect(JSON.stringify(list.body)).not.toMatch(/caas_[A-Za-z0-9_-]{20,}/);
    expect((await api.delete(`/api/v1/tokens/${mine.id}`)).status).toBe(204);
    expect((await api.get("/api/v1/me")).status).toBe(401);
  });
});

describe("T7 CSRF on cookie-authenticated mutations", () => {
  it("foreign Origin, no Origin and Origin null change nothing; same origin works", async () => {
    const cookie = await sessionCookie(baseUrl, A.users.owner.email, A.users.owner.password);
    const before = await db.environment.count({ where: { tenantId: A.id } });
    for (const origin of ["http://evil.example", null, "null"]) {
      const c = new ApiClient(baseUrl, { cookie, origin });
      const r = await c.post("/api/v1/environments", { tenantId: A.id, name: unique("csrf").toLowerCase().slice(0, 30) });
      expect(r.status, `origin ${origin}`).toBe(403);
      expect((await c.patch(`/api/v1/environments/${envA.id}`, { description: "csrf" })).status).toBe(403);
    }
    expect(await db.environment.count({ where: { tenantId: A.id } })).toBe(before);
    expect((await db.environment.findUnique({ where: { id: envA.id } }))?.description).not.toBe("csrf");
    const same = new ApiClient(baseUrl, { cookie, origin: baseUrl });
    expect((await same.post("/api/v1/environments", { tenantId: A.id, name: unique("ok").toLowerCase().slice(0, 30) })).status).toBe(201);
    // reads with a cookie need no Origin
    expect((await new ApiClient(baseUrl, { cookie }).get(`/api/v1/environments/${envA.id}`)).status).toBe(200);
  });
});

describe("realtime handshake", () => {
  const connect = (opts: Parameters<typeof io>[1]) =>
    new Promise<string>((resolve) => {
      const s = io(`${baseUrl}/events`, { transports: ["websocket"], reconnection: false, ...opts });
      s.on("connect", () => {
        s.close();
        resolve("connected");
      });
      s.on("connect_error", (e) => {
        s.close();
        resolve(e.message);
      });
    });

  it("refuses no credentials, a bad token, a foreign Origin with a session cookie; accepts a token and a same-origin cookie", async () => {
    expect(await connect({})).toBe("UNAUTHENTICATED");
    expect(await connect({ auth: { token: "caas_bogus" } })).toBe("UNAUTHENTICATED");
    const cookie = await sessionCookie(baseUrl, A.users.viewer.email, A.users.viewer.password);
    expect(await connect({ extraHeaders: { cookie, origin: "http://evil.example" } })).toBe("UNAUTHENTICATED");
    expect(await connect({ extraHeaders: { cookie, origin: baseUrl } })).toBe("connected");
    expect(await connect({ auth: { token: A.users.viewer.api.auth.token } })).toBe("connected");
  });
});
