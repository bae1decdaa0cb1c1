// Issue 9 hole 6, written as the attacks: an account oracle in "add member by email", unknown body
// fields silently accepted, an Origin check that ignored the scheme, a world-readable data dir.
import fs from "node:fs";
import path from "node:path";
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
let envA: { id: string };

beforeAll(async () => {
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "ha");
  B = await buildTenant(baseUrl, admin, "hb");
  const r = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "hard", portRange: { from: 32000, to: 32099 } });
  expect(r.status).toBe(201);
  envA = r.body;
});

const rawAnswer = async (api: ApiClient, tenantId: string, email: string, role = "member") => {
  const r = await api.request("POST", `/api/v1/tenants/${tenantId}/members`, { email, role });
  return { status: r.status, text: JSON.stringify(r.body).split(email).join("<email>"), body: r.body, type: r.headers.get("content-type") };
};
const membership = (tenantId: string, userId: string) => db.membership.findUnique({ where: { tenantId_userId: { tenantId, userId } } });

describe("adding a member by email is not an account oracle", () => {
  it("a tenant owner gets byte-identical answers for an unknown and a known email; nobody joins yet", async () => {
    const owner = A.users.owner.api;
    const unknownEmail = `${unique("nobody")}@example.test`.toLowerCase();
    const known = B.users.owner; // an account that exists, not a member of A
    const auditBefore = await db.auditEvent.count({ where: { tenantId: A.id } });

    const u = await rawAnswer(owner, A.id, unknownEmail);
    const k = await rawAnswer(owner, A.id, known.email);
    expect(u.status).toBe(202);
    expect(k).toEqual({ ...u, body: k.body });
    expect(u.text).toBe(JSON.stringify({ email: "<email>", role: "member", status: "invited" }));

    // Nothing tells them apart afterwards either: no membership, one invitation each, one audit event each.
    expect(await membership(A.id, known.id)).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { tenantId: A.id }, orderBy: { createdAt: "asc" }, skip: auditBefore });
    expect(audit.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ["member.invite", "invitation", unknownEmail],
      ["member.invite", "invitation", known.email],
    ]);
    const list = await owner.get(`/api/v1/tenants/${A.id}/members`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { email: string }) => m.email)).not.toContain(known.email);
    const invited = list.body.invitations.filter((i: { email: string }) => [unknownEmail, known.email].includes(i.email));
    expect(invited.map((i: { status: string; role: string; invitedBy: string }) => [i.status, i.role, i.invitedBy])).toEqual([
      ["invited", "member", A.users.owner.email],
      ["invited", "member", A.users.owner.email],
    ]);
    // Viewers and members see members, not the pending invitations.
    expect((await A.users.viewer.api.get(`/api/v1/tenants/${A.id}/members`)).body.invitations).toEqual([]);
    expect((await A.users.member.api.get(`/api/v1/tenants/${A.id}/members`)).body.invitations).toEqual([]);
  });

  it("the invitation becomes a membership when the account proves who it is, or when an admin creates it", async () => {
    const owner = A.users.owner.api;
    const known = B.users.member;
    expect((await rawAnswer(owner, A.id, known.email, "viewer")).status).toBe(202);
    expect(await membership(A.id, known.id)).toBeNull();
    // A token from email + password (the same happens at browser sign-in).
    const t = await tokenClient(baseUrl, known.email, known.password);
    expect((await membership(A.id, known.id))?.role).toBe("viewer");
    expect((await t.get(`/api/v1/tenants/${A.id}`)).status).toBe(200);
    expect(await db.invitation.count({ where: { tenantId: A.id, email: known.email } })).toBe(0);

    const newcomer = `${unique("newcomer")}@example.test`.toLowerCase();
    expect((await rawAnswer(owner, A.id, newcomer, "member")).status).toBe(202);
    const created = await admin.post("/api/v1/users", { email: newcomer, name: "Newcomer", password: "password-new" });
    expect(created.status).toBe(201);
    expect((await membership(A.id, created.body.id))?.role).toBe("member");
    expect(await db.invitation.count({ where: { email: newcomer } })).toBe(0);
  });

  it("the owner revokes a pending invitation; it then never turns into a membership", async () => {
    const owner = A.users.owner.api;
    const target = B.users.viewer;
    expect((await rawAnswer(owner, A.id, target.email)).status).toBe(202);
    expect((await owner.delete(`/api/v1/tenants/${A.id}/members?email=${encodeURIComponent(target.email)}`)).status).toBe(204);
    expect((await owner.delete(`/api/v1/tenants/${A.id}/members`, { email: target.email })).status).toBe(404);
    await tokenClient(baseUrl, target.email, target.password);
    expect(await membership(A.id, target.id)).toBeNull();
    // Another tenant's owner cannot see or revoke A's invitations.
    expect((await rawAnswer(owner, A.id, target.email)).status).toBe(202);
    expect((await B.users.owner.api.delete(`/api/v1/tenants/${A.id}/members?email=${encodeURIComponent(target.email)}`)).status).toBe(404);
    expect(await db.invitation.count({ where: { tenantId: A.id, email: target.email } })).toBe(1);
  });

  it("by user id and for platform admins adding an existing account, membership is immediate (201)", async () => {
    const r = await A.users.owner.api.post(`/api/v1/tenants/${A.id}/members`, { userId: B.users.viewer.id, role: "viewer" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ userId: B.users.viewer.id, role: "viewer", status: "active" });
    expect(await db.invitation.count({ where: { tenantId: A.id, email: B.users.viewer.email } })).toBe(0);
    const a = await admin.post(`/api/v1/tenants/${B.id}/members`, { email: A.users.viewer.email, role: "viewer" });
    expect(a.status).toBe(201);
    expect((await membership(B.id, A.users.viewer.id))?.role).toBe("viewer");
    // The email of a current member (listed to the owner anyway) changes the role at once.
    const c = await A.users.owner.api.post(`/api/v1/tenants/${A.id}/members`, { email: A.users.member.email, role: "viewer" });
    expect(c.status).toBe(201);
    expect((await membership(A.id, A.users.member.id))?.role).toBe("viewer");
    expect((await A.users.owner.api.post(`/api/v1/tenants/${A.id}/members`, { userId: A.users.member.id, role: "member" })).status).toBe(201);
  });
});

describe("unknown body fields are refused with 400 naming each field, and change nothing", () => {
  const expectUnknown = (r: { status: number; body: any }, ...paths: string[]) => {
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION");
    const details = r.body.error.details as { path: string; message: string }[];
    for (const p of paths) {
      expect(details.find((d) => d.path === p)?.message, p).toMatch(/unknown field/i);
      expect(r.body.error.message).toContain(p);
    }
  };

  it("POST /environments (top level and nested)", async () => {
    const before = await db.environment.count({ where: { tenantId: A.id } });
    const r = await A.users.owner.api.post("/api/v1/environments", {
      tenantId: A.id,
      name: unique("x").toLowerCase().slice(0, 30),
      swarmClusterId: "x",
      portRange: { from: 33000, to: 33010, step: 2 },
    });
    expectUnknown(r, "swarmClusterId", "portRange.step");
    expect(await db.environment.count({ where: { tenantId: A.id } })).toBe(before);
  });

  it("POST /environments/{id}/apps", async () => {
    const before = await db.app.count({ where: { environmentId: envA.id } });
    const r = await A.users.member.api.post(`/api/v1/environments/${envA.id}/apps`, {
      name: "web",
      compose: "services:\n  web:\n    image: nginx\n",
      privileged: true,
    });
    expectUnknown(r, "privileged");
    expect(await db.app.count({ where: { environmentId: envA.id } })).toBe(before);
  });

  it("PATCH /users/{id}", async () => {
    const r = await admin.patch(`/api/v1/users/${A.users.viewer.id}`, { name: "Renamed", role: "admin" });
    expectUnknown(r, "role");
    expect((await db.user.findUnique({ where: { id: A.users.viewer.id } }))?.name).not.toBe("Renamed");
  });

  it("POST /tokens (unauthenticated)", async () => {
    const before = await db.apiToken.count({ where: { userId: A.users.viewer.id } });
    const r = await new ApiClient(baseUrl).post("/api/v1/tokens", {
      email: A.users.viewer.email,
      password: A.users.viewer.password,
      name: "x",
      scope: "admin",
    });
    expectUnknown(r, "scope");
    expect(await db.apiToken.count({ where: { userId: A.users.viewer.id } })).toBe(before);
  });

  it("POST /tenants/{id}/members", async () => {
    const email = `${unique("extra")}@example.test`.toLowerCase();
    const r = await A.users.owner.api.post(`/api/v1/tenants/${A.id}/members`, { email, role: "member", tenantId: B.id });
    expectUnknown(r, "tenantId");
    expect(await db.invitation.count({ where: { email } })).toBe(0);
  });

  it("POST /users (mass assignment beside a valid body)", async () => {
    const email = `${unique("mass")}@example.test`.toLowerCase();
    const r = await admin.post("/api/v1/users", { email, name: "Mass", password: "password-mass", sessionVersion: 7, disabled: false });
    expectUnknown(r, "sessionVersion", "disabled");
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe("T7: an Origin with the wrong scheme is not ours", () => {
  it("a cookie-authenticated POST/PATCH from https://<our host:port> to the http portal is refused and changes nothing", async () => {
    const cookie = await sessionCookie(baseUrl, A.users.owner.email, A.users.owner.password);
    const wrongScheme = baseUrl.replace(/^http:/, "https:");
    const before = await db.environment.count({ where: { tenantId: A.id } });
    const invitations = await db.invitation.count({ where: { tenantId: A.id } });
    const c = new ApiClient(baseUrl, { cookie, origin: wrongScheme });
    expect((await c.post("/api/v1/environments", { tenantId: A.id, name: unique("scheme").toLowerCase().slice(0, 30) })).status).toBe(403);
    expect((await c.patch(`/api/v1/environments/${envA.id}`, { description: "scheme" })).status).toBe(403);
    expect((await c.post(`/api/v1/tenants/${A.id}/members`, { email: `${unique("csrf")}@example.test`, role: "owner" })).status).toBe(403);
    expect(await db.environment.count({ where: { tenantId: A.id } })).toBe(before);
    expect(await db.invitation.count({ where: { tenantId: A.id } })).toBe(invitations);
    expect((await db.environment.findUnique({ where: { id: envA.id } }))?.description).not.toBe("scheme");
    // The same request from our own origin works.
    expect((await new ApiClient(baseUrl, { cookie, origin: baseUrl }).patch(`/api/v1/environments/${envA.id}`, { description: "same origin" })).status).toBe(
      200,
    );
  });

  it("the realtime handshake refuses the wrong scheme too", async () => {
    const cookie = await sessionCookie(baseUrl, A.users.owner.email, A.users.owner.password);
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const s = io(`${baseUrl}/events`, { transports: ["websocket"], reconnection: false, extraHeaders: { cookie, origin } });
        s.on("connect", () => {
          s.close();
          resolve("connected");
        });
        s.on("connect_error", (e) => {
          s.close();
          resolve(e.message);
        });
      });
    expect(await connect(baseUrl.replace(/^http:/, "https:"))).toBe("UNAUTHENTICATED");
    expect(await connect(baseUrl)).toBe("connected");
  });
});

describe("the data directory and the SQLite files are private", () => {
  it("data dir 0700; caas.db, -wal and -shm 0600", () => {
    const dir = inject("dataDir");
    expect(path.basename(dir)).toMatch(/^test-integration(-pg)?$/);
    const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
    expect(mode(dir)).toBe("700");
    if (inject("databaseUrl").startsWith("postgres")) return; // integration-pg: no database file here
    const file = inject("databaseUrl").replace(/^file:/, "");
    expect(path.dirname(file)).toBe(dir);
    expect(mode(file)).toBe("600");
    for (const companion of [`${file}-wal`, `${file}-shm`]) expect(fs.existsSync(companion) ? mode(companion) : "600", companion).toBe("600");
    expect(fs.existsSync(`${file}-wal`)).toBe(true); // WAL mode: the portal is running on it
  });
});
