// Issue 14, LDAP against a real OpenLDAP (scripts/test-servers/slapd.mjs: private slapd, StartTLS
// with a generated CA): provider API with a write-only bind password, test connection, sign-in with
// the right and wrong password, group → tenant role and → platform admin (nested groups too),
// removal from a group revoked at the next sync, a directory-disabled user refused, linking by
// entryUUID (an existing local account is never taken over), an injection attempt in the user name
// finding nothing, and the directory down giving a clear error while local admins still sign in.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import fs from "node:fs";
import { ApiClient, sessionCookie, tokenClient, unique } from "../support/api-client";
// @ts-expect-error plain ESM helper without types
import { startSlapd } from "../../scripts/test-servers/slapd.mjs";

type Slapd = {
  url: string;
  caPem: string;
  suffix: string;
  readerDn: string;
  readerPassword: string;
  users: Record<string, { password: string; mail: string }>;
  modify(ldif: string): Promise<void>;
  pause(): Promise<void>;
  stop(): Promise<void>;
};

const baseUrl = inject("baseUrl");
let admin: ApiClient;
let ldap: Slapd;
let providerId: string;
let tenantId: string;
const S = "dc=example,dc=test";

const login = (username: string, password: string) => new ApiClient(baseUrl).post("/api/v1/tokens", { username, password, name: "ldap" });

function settings(l: Slapd) {
  return {
    url: l.url,
    startTls: true,
    caCert: l.caPem,
    bindDn: l.readerDn,
    userBase: `ou=people,${S}`,
    userFilter: "(&(objectClass=inetOrgPerson)(uid={username}))",
    disabledFilter: "(employeeType=disabled)",
    groupBase: `ou=groups,${S}`,
    groupFilter: "(member={dn})",
    nestedGroups: true,
  };
}

beforeAll(async () => {
  ldap = (await startSlapd()) as Slapd;
  const a = inject("admin");
  admin = await tokenClient(baseUrl, a.email, a.password);
  const t = await admin.post("/api/v1/tenants", { name: "LDAP tenant", slug: unique("ldap").toLowerCase() });
  tenantId = t.body.id;
  const p = await admin.post("/api/v1/identity-providers", {
    kind: "ldap",
    name: unique("Corp LDAP"),
    settings: settings(ldap),
    bindPassword: ldap.readerPassword,
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  providerId = p.body.id;
  for (const m of [
    { providerId, group: `cn=developers,ou=groups,${S}`, tenantId, role: "member" },
    { providerId, group: "all-engineering", tenantId, role: "viewer" },
    { providerId, group: "platform-admins", platformAdmin: true },
  ])
    expect((await admin.post("/api/v1/group-mappings", m)).status).toBe(201);
}, 60_000);

afterAll(async () => {
  if (providerId) await admin.delete(`/api/v1/identity-providers/${providerId}`);
  for (const address of ["127.0.0.1", "::ffff:127.0.0.1", "::1"]) await admin.post("/api/v1/identity-settings/unlock", { address });
  await ldap?.stop();
});

describe("LDAP provider", () => {
  it("keeps the bind password write-only", async () => {
    const r = await admin.get(`/api/v1/identity-providers/${providerId}`);
    expect(r.body.secretSet).toBe(true);
    expect(JSON.stringify(r.body)).not.toContain(ldap.readerPassword);
    expect(JSON.stringify((await admin.get("/api/v1/identity-providers")).body)).not.toContain(ldap.readerPassword);
    expect(JSON.stringify((await admin.get("/api/v1/audit?limit=200")).body)).not.toContain(ldap.readerPassword);
  });

  it("tests the connection with clear results", async () => {
    const ok = await admin.post(`/api/v1/identity-providers/${providerId}/test`, { username: "dave" });
    expect(ok.body.ok).toBe(true);
    expect(ok.body.steps.map((s: { step: string }) => s.step)).toEqual(["connect", "bind", "user", "groups"]);
    expect(ok.body.steps[3].message).toMatch(/returned 2 groups/);
    const missing = await admin.post(`/api/v1/identity-providers/${providerId}/test`, { username: "nobody" });
    expect(missing.body.steps.at(-1).message).toMatch(/User not found/);
    const bad = await admin.post("/api/v1/identity-providers", {
      kind: "ldap",
      name: unique("Bad bind"),
      enabled: false,
      settings: settings(ldap),
      bindPassword: "wrong",
    });
    const r = await admin.post(`/api/v1/identity-providers/${bad.body.id}/test`, {});
    expect(r.body.ok).toBe(false);
    expect(r.body.steps.at(-1)).toMatchObject({ step: "bind", ok: false });
    expect(r.body.steps.at(-1).message).toMatch(/Bind failed/);
    await admin.delete(`/api/v1/identity-providers/${bad.body.id}`);
  });

  it("signs in with the right password only, and applies the group mappings", async () => {
    expect((await login("alice", "wrong-password-1")).status).toBe(401);
    const r = await login("alice", ldap.users.alice.password);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const alice = new ApiClient(baseUrl, { token: r.body.token });
    const me = (await alice.get("/api/v1/me")).body;
    expect(me.email).toBe("alice@corp.example");
    expect(me.memberships).toEqual([expect.objectContaining({ tenantId, role: "member" })]);
    // The email works as the login too.
    expect((await login("alice@corp.example", ldap.users.alice.password)).status).toBe(201);
    // Nested: dave is in contractors, which is in all-engineering.
    const dave = new ApiClient(baseUrl, { token: (await login("dave", ldap.users.dave.password)).body.token });
    expect((await dave.get("/api/v1/me")).body.memberships).toEqual([expect.objectContaining({ tenantId, role: "viewer" })]);
    // Group → platform admin.
    const bob = new ApiClient(baseUrl, { token: (await login("bob", ldap.users.bob.password)).body.token });
    expect((await bob.get("/api/v1/me")).body.platformAdmin).toBe(true);
    const audit = JSON.stringify((await admin.get("/api/v1/audit?action=identity.mapping.apply&limit=50")).body);
    expect(audit).toContain("alice@corp.example");
  });

  it("refuses a directory-disabled user", async () => {
    const r = await login("carol", ldap.users.carol.password);
    expect(r.status).toBe(401);
    expect(r.body.error.details[0].rule).toBe("refused");
  });

  it("finds nothing for an injection attempt in the user name", async () => {
    for (const u of ["*)(uid=*))(|(uid=*", "*", "alice)(|(uid=*", "*)(objectClass=*"]) {
      const r = await login(u, ldap.users.alice.password);
      expect(r.status).toBe(401);
      expect(r.body.error.details[0].rule).toBe("wrong");
    }
  });

  it("never takes over a local account with the same email", async () => {
    await ldap.modify(
      `dn: uid=erin,ou=people,${S}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: erin\ncn: Erin\nsn: erin\nmail: erin@corp.example\nuserPassword: erin-ldap-pass-1\n`,
    );
    const local = await admin.post("/api/v1/users", { email: "erin@corp.example", name: "Erin local", password: "erin-local-pass-1" });
    expect(local.status).toBe(201);
    const r = await login("erin", "erin-ldap-pass-1");
    expect(r.status).toBe(401);
    expect(r.body.error.details[0].rule).toBe("refused");
    expect((await new ApiClient(baseUrl).post("/api/v1/tokens", { email: "erin@corp.example", password: "erin-local-pass-1", name: "x" })).status).toBe(201);
  });

  it("removal from the group revokes the membership at the next sync; a disabled user's tokens stop working", async () => {
    const alice = new ApiClient(baseUrl, { token: (await login("alice", ldap.users.alice.password)).body.token });
    expect((await alice.get(`/api/v1/tenants/${tenantId}`)).status).toBe(200);
    await ldap.modify(`dn: cn=developers,ou=groups,${S}\nchangetype: modify\ndelete: member\nmember: uid=alice,ou=people,${S}\n`);
    const sync = await admin.post(`/api/v1/identity-providers/${providerId}/sync`);
    expect(sync.body.ok, JSON.stringify(sync.body)).toBe(true);
    expect(sync.body.changed).toBeGreaterThanOrEqual(1);
    expect([403, 404]).toContain((await alice.get(`/api/v1/tenants/${tenantId}`)).status);
    expect((await alice.get("/api/v1/me")).body.memberships).toEqual([]);
    // Disabled in the directory: the token stops working at the next sync.
    const dave = new ApiClient(baseUrl, { token: (await login("dave", ldap.users.dave.password)).body.token });
    await ldap.modify(`dn: uid=dave,ou=people,${S}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n`);
    expect((await dave.get("/api/v1/me")).status).toBe(200);
    expect((await admin.post(`/api/v1/identity-providers/${providerId}/sync`)).body.disabled).toBe(1);
    expect((await dave.get("/api/v1/me")).status).toBe(401);
    const p = (await admin.get(`/api/v1/identity-providers/${providerId}`)).body;
    expect(p.lastSyncAt).toBeTruthy();
  });

  it("the directory down gives a clear error and local admins still sign in", async () => {
    await ldap.pause();
    const r = await login("bob", ldap.users.bob.password);
    expect(r.status).toBe(401);
    expect(r.body.error.details[0].rule).toBe("directory-down");
    expect(r.body.error.message).toMatch(/cannot be reached/);
    const a = inject("admin");
    expect((await new ApiClient(baseUrl).post("/api/v1/tokens", { email: a.email, password: a.password, name: "x" })).status).toBe(201);
    const t = await admin.post(`/api/v1/identity-providers/${providerId}/test`, {});
    expect(t.body.steps[0]).toMatchObject({ step: "connect", ok: false });
    const sync = await admin.post(`/api/v1/identity-providers/${providerId}/sync`);
    expect(sync.body.ok).toBe(false);
  });

  it("T22 extended: no provider secret in any answer, page, log or audit detail", async () => {
    const canary = `oidc-canary-${unique("s")}`;
    const o = await admin.post("/api/v1/identity-providers", {
      kind: "oidc",
      name: unique("Canary SSO"),
      enabled: true,
      settings: { issuer: "http://127.0.0.1:9/", clientId: "canary-client" },
      clientSecret: canary,
    });
    expect(o.status).toBe(201);
    const rotated = await admin.patch(`/api/v1/identity-providers/${o.body.id}`, { clientSecret: canary + "-2", settings: { scopes: "openid email" } });
    expect(rotated.status).toBe(200);
    const a = inject("admin");
    const cookie = await sessionCookie(baseUrl, a.email, a.password);
    const bodies = [
      JSON.stringify(o.body),
      JSON.stringify(rotated.body),
      JSON.stringify((await admin.get("/api/v1/identity-providers")).body),
      JSON.stringify((await admin.get(`/api/v1/identity-providers/${o.body.id}`)).body),
      JSON.stringify((await admin.post(`/api/v1/identity-providers/${o.body.id}/test`, {})).body),
      JSON.stringify((await admin.get("/api/v1/audit?limit=500")).body),
      await (await fetch(`${baseUrl}/login`)).text(),
      await (await fetch(`${baseUrl}/profile`, { headers: { cookie } })).text(),
    ];
    await admin.delete(`/api/v1/identity-providers/${o.body.id}`);
    const logFile = `${inject("dataDir")}.portal.log`;
    if (fs.existsSync(logFile)) bodies.push(fs.readFileSync(logFile, "utf8"));
    for (const b of bodies) {
      for (const secret of [canary, ldap.readerPassword, ...Object.values(ldap.users).map((u) => u.password)]) expect(b.includes(secret)).toBe(false);
    }
  });
});
