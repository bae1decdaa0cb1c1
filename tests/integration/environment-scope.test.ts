// The environment scope rule in its two forms (issue 16's shared environments; issue 20 made the
// hot read a plain statement): `environmentScope` (a model call's `where`) and
// `environmentScopeSql` (loadEnvironment's condition) must select the same environments for every
// kind of actor, on the tier's real database (SQLite in `integration`, PostgreSQL in
// `integration-pg`). loadEnvironment must answer what the model call answered (row, host count,
// access list, region), and an environment outside the scope is not found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db";
import { environmentScope, environmentScopeSql } from "@/lib/environments/environment-scope";
import { loadEnvironment } from "@/lib/environments";
import { REGION_REF_SELECT } from "@/lib/regions";
import type { Actor, TenantRole } from "@/lib/policy";

const tag = `scope-${Date.now()}`;
const tenants: string[] = [];
const envs: Record<string, string> = {};
let actors: Record<string, Actor>;

const actor = (roles: [string, TenantRole][], platformAdmin = false): Actor => ({
  userId: `u-${tag}`,
  email: `${tag}@x.test`,
  name: tag,
  platformAdmin,
  roles: new Map(roles),
  via: "token",
});

beforeAll(async () => {
  for (const n of ["a", "b", "c"]) tenants.push((await db.tenant.create({ data: { name: `${tag}-${n}`, slug: `${tag}-${n}` } })).id);
  const [a, b] = tenants;
  const region = await db.region.findFirstOrThrow({ where: { isDefault: true } });
  const make = async (key: string, data: { tenantId?: string | null; shared?: boolean; allTenants?: boolean }, hosts = 0) => {
    const e = await db.environment.create({ data: { name: `${tag}-${key}`, regionId: region.id, defaultCpus: 0.25, ...data } });
    for (let i = 0; i < hosts; i++)
      await db.host.create({ data: { tenantId: data.tenantId ?? a, environmentId: e.id, name: `${key}-${i}`, endpoint: `tcp://127.0.0.1:${2000 + i}` } });
    envs[key] = e.id;
  };
  await make("ownA", { tenantId: a }, 2);
  await make("ownB", { tenantId: b });
  await make("sharedAll", { tenantId: null, shared: true, allTenants: true }, 1);
  await make("sharedToA", { tenantId: null, shared: true });
  await make("sharedToNone", { tenantId: null, shared: true });
  await db.environmentAccess.create({ data: { environmentId: envs.sharedToA, tenantId: a } });
  actors = {
    admin: actor([], true),
    memberOfA: actor([[a, "member"]]),
    viewerOfB: actor([[b, "viewer"]]),
    ofAandB: actor([
      [a, "owner"],
      [b, "member"],
    ]),
    ofNone: actor([]),
  };
});

afterAll(async () => {
  const ids = Object.values(envs);
  await db.environmentAccess.deleteMany({ where: { environmentId: { in: ids } } });
  await db.host.deleteMany({ where: { environmentId: { in: ids } } });
  await db.environment.deleteMany({ where: { id: { in: ids } } });
  await db.tenant.deleteMany({ where: { id: { in: tenants } } });
});

describe("environment scope: the model call's where and the plain statement's condition", () => {
  it("select the same environments for admins, members, viewers, several tenants and none", async () => {
    const ids = Object.values(envs);
    const nameOf = new Map(Object.entries(envs).map(([k, v]) => [v, k]));
    const seen: Record<string, string[]> = {};
    for (const [who, act] of Object.entries(actors)) {
      const viaModel = (await db.environment.findMany({ where: { AND: [{ id: { in: ids } }, environmentScope(act)] }, select: { id: true } })).map((e) => e.id);
      const viaSql = (
        await db.$queryRaw<{ id: string }[]>(
          Prisma.sql`SELECT e."id" FROM "Environment" e WHERE e."id" IN (${Prisma.join(ids)}) AND ${environmentScopeSql(act)}`,
        )
      ).map((e) => e.id);
      expect(viaSql.sort(), who).toEqual(viaModel.sort());
      seen[who] = viaSql.map((id) => nameOf.get(id)!).sort();
    }
    // and the rule itself, so that two equal but wrong forms fail too
    expect(seen).toEqual({
      admin: ["ownA", "ownB", "sharedAll", "sharedToA", "sharedToNone"],
      memberOfA: ["ownA", "sharedAll", "sharedToA"],
      viewerOfB: ["ownB", "sharedAll"],
      ofAandB: ["ownA", "ownB", "sharedAll", "sharedToA"],
      ofNone: ["sharedAll"],
    });
  });

  it("loadEnvironment answers the row, host count, access list and region a model call answers", async () => {
    for (const key of ["ownA", "sharedAll", "sharedToA"]) {
      const model = await db.environment.findUniqueOrThrow({
        where: { id: envs[key] },
        include: { _count: { select: { hosts: true } }, access: { select: { tenantId: true } }, region: { select: REGION_REF_SELECT } },
      });
      const loaded = await loadEnvironment(actors.admin, envs[key], { lenient: true });
      const { tenantId: _t, ownerTenantId, ...rest } = loaded;
      const { tenantId: ownTenant, ...expected } = model;
      expect(rest, key).toEqual(expected);
      expect(ownerTenantId, key).toBe(model.shared ? null : ownTenant);
      expect(typeof loaded.defaultCpus).toBe("number");
      expect(loaded.createdAt).toBeInstanceOf(Date);
    }
    expect((await loadEnvironment(actors.memberOfA, envs.ownA))._count.hosts).toBe(2);
    // the tenant view of a shared environment opened to the caller's tenant
    expect((await loadEnvironment(actors.memberOfA, envs.sharedToA)).tenantId).toBe(tenants[0]);
  });

  it("an environment outside the caller's scope is not found, nor is an id that is not one", async () => {
    await expect(loadEnvironment(actors.memberOfA, envs.ownB)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(loadEnvironment(actors.viewerOfB, envs.sharedToA)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(loadEnvironment(actors.ofNone, envs.sharedToNone)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(loadEnvironment(actors.memberOfA, 'x\'; DROP TABLE "Environment"; --')).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(loadEnvironment(actors.memberOfA, `${envs.ownB}' OR '1'='1`)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.environment.count({ where: { id: { in: Object.values(envs) } } })).toBe(5);
  });
});
