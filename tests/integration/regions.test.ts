// Issue 17 item 1 (regions) and the region part of item 7, through the real server and database:
// admin CRUD with the contract's nested body (`registry: { url, username?, password? }`, API.md) and
// answer (`registry: { url, username, hasPassword }` for admins only), tenant roles refused, the
// registry password in no answer and no audit detail,
// environments created in (and moved between) regions, unknown regionId named, deletes refused while
// used and for the default region, GET /registry per region, nothing new visible to another tenant,
// and migration 0016 on an existing database of the tier's provider.
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, unique } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { migrationFolders, migrationSql, postgresScratch, sqliteScratch, type MigratedDatabase } from "../support/migrations";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const PASSWORD = `canary-${unique("regpw")}`; // the registry password: must appear in no answer
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
const answers: string[] = [];
const regionIds: string[] = [];
const envIds: { id: string; api: () => ApiClient }[] = [];

const slugOf = (label: string) =>
  unique(label)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "")
    .slice(0, 38);

async function call(api: ApiClient, method: string, p: string, body?: unknown) {
  const r = await api.request(method, p, body);
  answers.push(JSON.stringify(r.body ?? ""));
  return r;
}

let sz: { id: string; name: string };

beforeAll(async () => {
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "regions-a");
  B = await buildTenant(baseUrl, admin, "regions-b");
});

afterAll(async () => {
  for (const e of envIds.reverse())
    await e
      .api()
      .delete(`/api/v1/environments/${e.id}`)
      .catch(() => null);
  for (const id of regionIds) await admin.delete(`/api/v1/regions/${id}`).catch(() => null);
});

describe("regions: platform admins manage them", () => {
  it("creates a region with its own registry and sealed credentials (201), audited without the password", async () => {
    const name = slugOf("shenzhen");
    const r = await call(admin, "POST", "/api/v1/regions", {
      name,
      displayName: "Shenzhen",
      registry: { url: "https://Registry.SZ.example:5000/", username: "robot", password: PASSWORD },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      name,
      displayName: "Shenzhen",
      isDefault: false,
      environmentCount: 0,
    });
    expect(r.body.registry).toEqual({ url: "https://registry.sz.example:5000", username: "robot", hasPassword: true });
    for (const flat of ["registryUrl", "registryUsername", "hasCredentials"]) expect(r.body, flat).not.toHaveProperty(flat);
    sz = { id: r.body.id, name };
    regionIds.push(sz.id);
    const row = await db.region.findUniqueOrThrow({ where: { id: sz.id } });
    expect(row.registryPasswordEnc).toMatch(/^v1:/);
    expect(row.registryPasswordEnc).not.toContain(PASSWORD);
    const audit = await db.auditEvent.findFirst({ where: { action: "region.create", targetId: sz.id } });
    expect(audit?.actorEmail).toBe(adminCreds.email);
    expect(audit?.detailsJson).not.toContain(PASSWORD);
  });

  it("lists (the default region first) and reads one; a taken name is a 409 naming the field", async () => {
    const list = await call(admin, "GET", "/api/v1/regions");
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: "default", name: "default", isDefault: true });
    expect(list.body.items[0].registry).toEqual({ url: null, username: null, hasPassword: false });
    expect(list.body.items.find((x: { id: string }) => x.id === sz.id)).toMatchObject({ name: sz.name, registry: { username: "robot", hasPassword: true } });
    const one = await call(admin, "GET", `/api/v1/regions/${sz.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: sz.id, registry: { url: "https://registry.sz.example:5000", username: "robot", hasPassword: true } });
    const dup = await call(admin, "POST", "/api/v1/regions", { name: sz.name, displayName: "Again", registry: { url: "https://r.example" } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.map((d: { path: string }) => d.path)).toEqual(["name"]);
    expect((await call(admin, "GET", "/api/v1/regions/no-such-region")).status).toBe(404);
  });

  it("validates the registry naming the nested path (registry.url, …), and refuses a registry for the default region", async () => {
    const paths = (r: { body: { error: { details: { path: string }[] } } }) => r.body.error.details.map((d) => d.path);
    const names: string[] = [];
    const bad = () => {
      names.push(slugOf("bad"));
      return names[names.length - 1];
    };
    for (const url of ["ftp://r.example", "r.example:5000", "https://u:p@r.example", "https://r.example/v2/"]) {
      const r = await call(admin, "POST", "/api/v1/regions", { name: bad(), displayName: "Bad", registry: { url } });
      expect(r.status, url).toBe(400);
      expect(paths(r), url).toEqual(["registry.url"]);
    }
    const none = await call(admin, "POST", "/api/v1/regions", { name: bad(), displayName: "Bad" });
    expect(none.status).toBe(400);
    expect(paths(none)).toEqual(["registry"]);
    // the flat fields of before are unknown fields now
    const flat = await call(admin, "POST", "/api/v1/regions", {
      name: bad(),
      displayName: "Bad",
      registry: { url: "https://r.example" },
      registryUrl: "https://r.example",
    });
    expect(flat.status).toBe(400);
    expect(paths(flat)).toEqual(["registryUrl"]);
    const alone = await call(admin, "POST", "/api/v1/regions", { name: bad(), displayName: "Bad", registry: { url: "https://r.example", username: "robot" } });
    expect(alone.status).toBe(400);
    expect(paths(alone)).toEqual(["registry.password"]);
    const def = await call(admin, "PATCH", "/api/v1/regions/default", { registry: { url: "https://r.example" } });
    expect(def.status).toBe(400);
    expect(paths(def)).toEqual(["registry.url"]);
    const defCreds = await call(admin, "PATCH", "/api/v1/regions/default", { registry: { username: "robot", password: "x" } });
    expect(defCreds.status).toBe(400);
    expect(paths(defCreds)).toEqual(["registry.username"]);
    const half = await call(admin, "PATCH", `/api/v1/regions/${sz.id}`, { registry: { username: null, password: "x" } });
    expect(half.status).toBe(400);
    expect(paths(half)).toEqual(["registry.password"]);
    const badUrl = await call(admin, "PATCH", `/api/v1/regions/${sz.id}`, { registry: { url: "https://r.example/v2/" } });
    expect(badUrl.status).toBe(400);
    expect(paths(badUrl)).toEqual(["registry.url"]);
    expect(await db.region.count({ where: { name: { in: names } } })).toBe(0);
    expect((await db.region.findUniqueOrThrow({ where: { id: sz.id } })).registryUrl).toBe("https://registry.sz.example:5000");
  });

  it("updates the display name, the registry and the credentials (audited); null removes the credentials", async () => {
    const r = await call(admin, "PATCH", `/api/v1/regions/${sz.id}`, { displayName: "Shenzhen DC", registry: { url: "http://10.20.0.5:5000" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ displayName: "Shenzhen DC" });
    expect(r.body.registry).toEqual({ url: "http://10.20.0.5:5000", username: "robot", hasPassword: true });
    const before = (await db.region.findUniqueOrThrow({ where: { id: sz.id } })).registryPasswordEnc;
    const pw = await call(admin, "PATCH", `/api/v1/regions/${sz.id}`, { registry: { password: `${PASSWORD}-2` } });
    expect(pw.status).toBe(200);
    expect(pw.body.registry).toEqual({ url: "http://10.20.0.5:5000", username: "robot", hasPassword: true });
    expect((await db.region.findUniqueOrThrow({ where: { id: sz.id } })).registryPasswordEnc).not.toBe(before);
    const cleared = await call(admin, "PATCH", `/api/v1/regions/${sz.id}`, { registry: { username: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.registry).toEqual({ url: "http://10.20.0.5:5000", username: null, hasPassword: false });
    expect((await db.region.findUniqueOrThrow({ where: { id: sz.id } })).registryPasswordEnc).toBeNull();
    const back = await call(admin, "PATCH", `/api/v1/regions/${sz.id}`, { registry: { username: "robot", password: PASSWORD } });
    expect(back.status).toBe(200);
    expect(back.body.registry).toEqual({ url: "http://10.20.0.5:5000", username: "robot", hasPassword: true });
    const audits = await db.auditEvent.findMany({ where: { action: "region.update", targetId: sz.id } });
    expect(audits.length).toBeGreaterThanOrEqual(4);
    for (const a of audits) expect(a.detailsJson).not.toContain(PASSWORD);
    // the audit names what changed by the body's paths
    expect(audits.map((a) => JSON.parse(a.detailsJson).fields)).toContainEqual(["displayName", "registry.url"]);
    // the default region's display name may change (and change back)
    const def = await call(admin, "PATCH", "/api/v1/regions/default", { displayName: "Default DC" });
    expect(def.status).toBe(200);
    expect((await call(admin, "PATCH", "/api/v1/regions/default", { displayName: "Default" })).status).toBe(200);
  });

  it("tenant roles get 403 on create, update and delete and change nothing; anonymous gets 401", async () => {
    const count = await db.region.count();
    const row = await db.region.findUniqueOrThrow({ where: { id: sz.id } });
    for (const role of ["owner", "member", "viewer"] as const) {
      const api = A.users[role].api;
      const c = await call(api, "POST", "/api/v1/regions", { name: slugOf("x"), displayName: "X", registry: { url: "https://r.example" } });
      expect(c.status, `${role} create`).toBe(403);
      expect((await call(api, "PATCH", `/api/v1/regions/${sz.id}`, { displayName: "pwned" })).status, `${role} update`).toBe(403);
      expect((await call(api, "DELETE", `/api/v1/regions/${sz.id}`)).status, `${role} delete`).toBe(403);
    }
    const anon = new ApiClient(baseUrl);
    for (const [m, p] of [
      ["GET", "/api/v1/regions"],
      ["POST", "/api/v1/regions"],
      ["GET", `/api/v1/regions/${sz.id}`],
      ["PATCH", `/api/v1/regions/${sz.id}`],
      ["DELETE", `/api/v1/regions/${sz.id}`],
    ])
      expect((await anon.request(m, p, m === "GET" || m === "DELETE" ? undefined : {})).status, `${m} ${p}`).toBe(401);
    expect(await db.region.count()).toBe(count);
    expect(await db.region.findUniqueOrThrow({ where: { id: sz.id } })).toEqual(row);
  });

  it("tenant users list regions by name only: no registry (nor its password flag), no counts", async () => {
    for (const role of ["owner", "member", "viewer"] as const) {
      const r = await call(A.users[role].api, "GET", "/api/v1/regions");
      expect(r.status).toBe(200);
      for (const item of r.body.items) expect(Object.keys(item).sort(), role).toEqual(["displayName", "id", "isDefault", "name"]);
      expect(r.body.items.map((x: { id: string }) => x.id)).toContain(sz.id);
      const one = await call(A.users[role].api, "GET", `/api/v1/regions/${sz.id}`);
      expect(Object.keys(one.body).sort()).toEqual(["displayName", "id", "isDefault", "name"]);
      expect(JSON.stringify(r.body)).not.toContain("10.20.0.5");
    }
  });
});

describe("environments belong to a region", () => {
  let envSz: string;
  let envDefault: string;

  it("an environment created in a region answers it; without regionId it is in the default region", async () => {
    const owner = A.users.owner.api;
    const r = await call(owner, "POST", "/api/v1/environments", { tenantId: A.id, name: slugOf("sz-env").slice(0, 30), regionId: sz.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    envSz = r.body.id;
    envIds.push({ id: envSz, api: () => A.users.owner.api });
    expect(r.body.region).toEqual({ id: sz.id, name: sz.name, displayName: "Shenzhen DC" });
    expect((await db.environment.findUniqueOrThrow({ where: { id: envSz } })).regionId).toBe(sz.id);
    const d = await call(owner, "POST", "/api/v1/environments", { tenantId: A.id, name: slugOf("def-env").slice(0, 30) });
    expect(d.status).toBe(201);
    envDefault = d.body.id;
    envIds.push({ id: envDefault, api: () => A.users.owner.api });
    expect(d.body.region).toEqual({ id: "default", name: "default", displayName: "Default" });
    // read and list answer the region too, for every role of the tenant
    for (const role of ["owner", "member", "viewer"] as const) {
      expect((await call(A.users[role].api, "GET", `/api/v1/environments/${envSz}`)).body.region.id).toBe(sz.id);
      const list = await call(A.users[role].api, "GET", `/api/v1/environments?tenantId=${A.id}`);
      expect(list.body.items.find((e: { id: string }) => e.id === envSz).region).toEqual({ id: sz.id, name: sz.name, displayName: "Shenzhen DC" });
    }
    // the dashboard answers each environment's region too (the console groups its cards by it)
    const dash = await call(owner, "GET", `/api/v1/dashboard?tenantId=${A.id}`);
    expect(dash.status).toBe(200);
    const byId = new Map((dash.body.environments as { id: string; region: unknown }[]).map((e) => [e.id, e.region]));
    expect(byId.get(envSz)).toEqual({ id: sz.id, name: sz.name, displayName: "Shenzhen DC" });
    expect(byId.get(envDefault)).toEqual({ id: "default", name: "default", displayName: "Default" });
  });

  it("an unknown regionId is a 400 naming regionId, on create and on update, and creates nothing", async () => {
    const before = await db.environment.count({ where: { tenantId: A.id } });
    const r = await call(A.users.owner.api, "POST", "/api/v1/environments", { tenantId: A.id, name: "no-region", regionId: "no-such-region" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION");
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(["regionId"]);
    expect(await db.environment.count({ where: { tenantId: A.id } })).toBe(before);
    const u = await call(A.users.owner.api, "PATCH", `/api/v1/environments/${envDefault}`, { regionId: "no-such-region" });
    expect(u.status).toBe(400);
    expect(u.body.error.details.map((d: { path: string }) => d.path)).toEqual(["regionId"]);
  });

  it("an owner moves an environment without hosts to another region; members may not", async () => {
    expect((await call(A.users.member.api, "PATCH", `/api/v1/environments/${envDefault}`, { regionId: sz.id })).status).toBe(403);
    const r = await call(A.users.owner.api, "PATCH", `/api/v1/environments/${envDefault}`, { regionId: sz.id });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.region.id).toBe(sz.id);
    const back = await call(A.users.owner.api, "PATCH", `/api/v1/environments/${envDefault}`, { regionId: "default" });
    expect(back.body.region.id).toBe("default");
  });

  it("deleting a region environments use, or the default region, is a 409 saying what to do", async () => {
    const used = await call(admin, "DELETE", `/api/v1/regions/${sz.id}`);
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe("CONFLICT");
    expect(used.body.error.message).toMatch(/1 environment.*move them to another region or delete them/);
    const def = await call(admin, "DELETE", "/api/v1/regions/default");
    expect(def.status).toBe(409);
    expect(def.body.error.message).toMatch(/default region/);
    expect(await db.region.count({ where: { id: { in: [sz.id, "default"] } } })).toBe(2);
    const zh = await admin.request("DELETE", `/api/v1/regions/${sz.id}`, undefined, { "accept-language": "zh-CN" });
    expect(zh.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("GET /registry keeps its fields and answers each region's pull address", async () => {
    for (const api of [admin, A.users.viewer.api, B.users.owner.api]) {
      const r = await call(api, "GET", "/api/v1/registry");
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ url: expect.any(String), pullAddress: expect.any(String), service: expect.any(String), login: expect.any(String) });
      const byName = Object.fromEntries(r.body.regions.map((x: { name: string }) => [x.name, x]));
      expect(byName.default).toEqual({ name: "default", displayName: "Default", isDefault: true, pullAddress: r.body.pullAddress });
      expect(byName[sz.name]).toEqual({ name: sz.name, displayName: "Shenzhen DC", isDefault: false, pullAddress: "10.20.0.5:5000" });
    }
  });

  it("another tenant sees nothing new: not A's environments, not their regions' use, not the registry details", async () => {
    for (const role of ["owner", "member", "viewer"] as const) {
      const api = B.users[role].api;
      const foreign = await call(api, "GET", `/api/v1/environments/${envSz}`);
      const missing = await call(api, "GET", "/api/v1/environments/does-not-exist");
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(missing.body);
      expect((await call(api, "PATCH", `/api/v1/environments/${envSz}`, { regionId: "default" })).status).toBe(404);
      const list = await call(api, "GET", "/api/v1/environments");
      expect(JSON.stringify(list.body)).not.toContain(envSz);
      const regions = await call(api, "GET", "/api/v1/regions");
      expect(JSON.stringify(regions.body)).not.toMatch(/environmentCount|"registry"|hasPassword|robot/);
    }
    // B's owner cannot put an environment into A's tenant by naming a region
    const r = await call(B.users.owner.api, "POST", "/api/v1/environments", { tenantId: A.id, name: "intruder", regionId: sz.id });
    expect(r.status).toBe(404);
    expect((await db.environment.findUniqueOrThrow({ where: { id: envSz } })).regionId).toBe(sz.id);
  });

  it("once its environments are gone the region is deleted (204, audited)", async () => {
    expect((await call(A.users.owner.api, "DELETE", `/api/v1/environments/${envSz}`)).status).toBe(204);
    const r = await call(admin, "DELETE", `/api/v1/regions/${sz.id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect(await db.region.findUnique({ where: { id: sz.id } })).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "region.delete", targetId: sz.id } })).toBe(1);
  });

  it("the registry password appeared in no answer", () => {
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((a) => a.includes(PASSWORD))).toEqual([]);
  });
});

describe("migration 0016 on an existing database", () => {
  it("creates the default region and puts every existing environment in it", { timeout: 120_000 }, async () => {
    const url = inject("databaseUrl");
    const provider = url.startsWith("postgres") ? "postgresql" : "sqlite";
    const scratch: MigratedDatabase =
      provider === "postgresql" ? await postgresScratch(url) : await sqliteScratch(path.join(os.tmpdir(), `caas-regions-mig-${process.pid}.db`));
    try {
      const folders = migrationFolders(provider);
      for (const f of folders.filter((f) => f < "0016")) await scratch.exec(migrationSql(provider, f));
      await scratch.exec(`INSERT INTO "Tenant" ("id", "name", "slug") VALUES ('t1', 'T', 't1');
        INSERT INTO "Environment" ("id", "tenantId", "name", "updatedAt") VALUES ('e1', 't1', 'one', CURRENT_TIMESTAMP);
        INSERT INTO "Environment" ("id", "tenantId", "shared", "allTenants", "name", "updatedAt") VALUES ('e2', NULL, true, true, 'shared', CURRENT_TIMESTAMP);
        INSERT INTO "Host" ("id", "tenantId", "environmentId", "name", "endpoint") VALUES ('h1', 't1', 'e1', 'h', 'tcp://192.0.2.1:2376');`);
      for (const f of folders.filter((f) => f >= "0016")) await scratch.exec(migrationSql(provider, f));
      expect(await scratch.query(`SELECT "id", "regionId" FROM "Environment" ORDER BY "id"`)).toEqual([
        { id: "e1", regionId: "default" },
        { id: "e2", regionId: "default" },
      ]);
      const regions = await scratch.query<{ id: string; name: string; isDefault: unknown; registryUrl: unknown }>(
        `SELECT "id", "name", "isDefault", "registryUrl" FROM "Region"`,
      );
      expect(regions.map((r) => ({ ...r, isDefault: Boolean(r.isDefault) }))).toEqual([{ id: "default", name: "default", isDefault: true, registryUrl: null }]);
      // rows that reference environments survived the table copy (SQLite redefines Environment)
      expect(await scratch.query(`SELECT "id", "environmentId" FROM "Host"`)).toEqual([{ id: "h1", environmentId: "e1" }]);
      // the region is required and referenced: an environment without one, or in a missing one, is refused
      await expect(
        scratch.exec(`INSERT INTO "Environment" ("id", "tenantId", "name", "updatedAt") VALUES ('e3', 't1', 'three', CURRENT_TIMESTAMP)`),
      ).rejects.toThrow();
      if (provider === "sqlite") await scratch.exec("PRAGMA foreign_keys=ON");
      await expect(
        scratch.exec(`INSERT INTO "Environment" ("id", "tenantId", "name", "updatedAt", "regionId") VALUES ('e4', 't1', 'four', CURRENT_TIMESTAMP, 'nowhere')`),
      ).rejects.toThrow();
    } finally {
      await scratch.close();
    }
  });
});
