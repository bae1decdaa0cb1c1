// The environment scope rule in its two forms (issue 16's shared environments; issue 20 made the
// hot read a plain statement): `environmentScope` (a model call's `where`) and
// `environmentScopeSql` (loadEnvironment's condition) must select the same environments for every
// kind of actor, on the tier's real database (SQLite in `integration`, PostgreSQL in
// `integration-pg`). loadEnvironment must answer what the model call answered (row, host count,
// access list, region), and an environment outside the scope is not found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, Prisma } from "@/lib/db";
import { environmentScope, environmentScopeSql } from "@/lib/environments/environment-scope";
import { tenantScope } from "@/lib/policy";
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

describe("loadService's plain statements (issue 20: every service-scoped request runs it)", () => {
  it("answer what the scoped model call answers, for every actor, with and without port leases; out of scope is NOT_FOUND", async () => {
    const { loadService } = await import("@/lib/services");
    const [a, b] = tenants;
    const app = async (tenantId: string, environmentId: string, name: string) =>
      db.app.create({ data: { tenantId, environmentId, name: `${tag}-${name}`, status: "running" } });
    const appA = await app(a, envs.ownA, "app-a");
    const appB = await app(b, envs.ownB, "app-b");
    const svc = async (x: { id: string; tenantId: string; environmentId: string }, name: string, extra: Record<string, unknown> = {}) =>
      db.service.create({ data: { tenantId: x.tenantId, environmentId: x.environmentId, appId: x.id, name, image: "lab/busybox:latest", ...extra } });
    const web = await svc(appA, "web", {
      desiredReplicas: 3,
      runningReplicas: 2,
      swarmServiceId: "swarm-web",
      lastError: "oops",
      observedAt: new Date(Date.UTC(2026, 1, 3, 4, 5, 6, 7)),
    });
    const db1 = await svc(appA, "db");
    const other = await svc(appB, "web");
    for (const [port, target, requested] of [
      [30001, 80, 8080],
      [30002, 443, null],
    ] as const)
      await db.portLease.create({
        data: { tenantId: a, environmentId: envs.ownA, protocol: "tcp", port, targetPort: target, requestedPort: requested, appId: appA.id, serviceId: web.id },
      });
    const byModel = (act: Actor, id: string) =>
      db.service.findFirst({ where: { AND: [{ id }, tenantScope(act)] }, include: { portLeases: { orderBy: { id: "asc" } }, app: true } });
    const found: Record<string, string[]> = {};
    for (const [who, act] of Object.entries(actors)) {
      found[who] = [];
      for (const s of [web, db1, other]) {
        const model = await byModel(act, s.id);
        const plain = await loadService(act, s.id).then(
          (x) => ({ ...x, portLeases: [...x.portLeases].sort((p, q) => p.id.localeCompare(q.id)) }),
          (e: unknown) => e,
        );
        if (model) {
          expect(plain, `${who} ${s.name}`).toEqual(model);
          found[who].push(`${s.appId === appA.id ? "a" : "b"}/${s.name}`);
        } else expect(plain, `${who} ${s.name}`).toMatchObject({ code: "NOT_FOUND" });
      }
    }
    expect(found).toEqual({
      admin: ["a/web", "a/db", "b/web"],
      memberOfA: ["a/web", "a/db"],
      viewerOfB: ["b/web"],
      ofAandB: ["a/web", "a/db", "b/web"],
      ofNone: [],
    });
    const loaded = await loadService(actors.memberOfA, web.id);
    expect(loaded).toMatchObject({ desiredReplicas: 3, runningReplicas: 2, lastError: "oops", app: { status: "running" } });
    expect(loaded.observedAt?.toISOString()).toBe("2026-02-03T04:05:06.007Z");
    expect(loaded.portLeases.map((l) => [l.port, l.targetPort, l.requestedPort]).sort()).toEqual([
      [30001, 80, 8080],
      [30002, 443, null],
    ]);
    // an injection-shaped id is a parameter of the statement: it matches nothing, even for an admin
    await expect(loadService(actors.admin, "x' OR '1'='1")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the service page's container and event lists as plain statements (issue 20)", () => {
  it("answer what the model calls answered: order, hosts of the environment only, empty lists, scope", async () => {
    const { listServiceContainers, listServiceEvents } = await import("@/lib/services");
    const [a, b] = tenants;
    const app = await db.app.create({ data: { tenantId: a, environmentId: envs.ownA, name: `${tag}-lists`, status: "running" } });
    const svc = (name: string) => db.service.create({ data: { tenantId: a, environmentId: envs.ownA, appId: app.id, name, image: "lab/busybox:latest" } });
    const web = await svc("web");
    const empty = await svc("empty");
    const h1 = await db.host.create({ data: { tenantId: a, environmentId: envs.ownA, name: `${tag}-h1`, endpoint: "tcp://10.0.0.1:2375" } });
    const foreign = await db.host.create({ data: { tenantId: b, environmentId: envs.ownB, name: `${tag}-hb`, endpoint: "tcp://10.0.0.2:2375" } });
    const rows: [number | null, string | null, string][] = [
      [2, h1.id, "running"],
      [1, h1.id, "running"],
      [1, null, "shutdown"],
      [null, foreign.id, "failed"],
      [3, "gone-host", "pending"],
    ];
    let n = 0;
    for (const [slot, hostId, state] of rows) {
      await db.container.create({
        data: {
          tenantId: a,
          serviceId: web.id,
          taskId: `${tag}-task-${n++}`,
          slot,
          hostId,
          state,
          desiredState: "running",
          error: state === "failed" ? "boom" : null,
        },
      });
      await new Promise((r) => setTimeout(r, 5)); // distinct updatedAt: slot 1's two rows are ordered by it
    }
    for (const [i, key] of ["storedTexts.serviceScaled", null].entries())
      await db.serviceEvent.create({
        data: { serviceId: web.id, type: "scaled", message: `event ${i}`, messageKey: key, messageParams: key ? JSON.stringify({ replicas: i + 2 }) : null },
      });

    // what the model-call implementation answered (before issue 20's plain statements)
    const byModel = async (serviceId: string) => {
      const s = await db.service.findUniqueOrThrow({
        where: { id: serviceId },
        select: { environmentId: true, containers: { orderBy: [{ slot: "asc" }, { updatedAt: "desc" }] } },
      });
      const hosts = new Map((await db.host.findMany({ where: { environmentId: s.environmentId }, select: { id: true, name: true } })).map((h) => [h.id, h]));
      return s.containers.map((c) => ({
        id: c.id,
        serviceId: c.serviceId,
        taskId: c.taskId,
        slot: c.slot,
        state: c.state,
        desiredState: c.desiredState,
        error: c.error,
        host: c.hostId ? (hosts.get(c.hostId) ?? null) : null,
        updatedAt: c.updatedAt.toISOString(),
      }));
    };
    const listed = await listServiceContainers({ actor: actors.memberOfA, serviceId: web.id });
    expect(listed.items).toEqual(await byModel(web.id));
    expect(listed.items.map((c) => [c.slot, c.host?.name ?? null, c.state])).toContainEqual([1, `${tag}-h1`, "running"]);
    // a host of another environment (and one that is gone) is no host of this list
    expect(
      listed.items
        .filter((c) => c.host === null)
        .map((c) => c.state)
        .sort(),
    ).toEqual(["failed", "pending", "shutdown"]);
    expect((await listServiceContainers({ actor: actors.admin, serviceId: web.id })).items).toEqual(listed.items);
    expect(await listServiceContainers({ actor: actors.memberOfA, serviceId: empty.id })).toEqual({ items: [] });
    for (const who of ["viewerOfB", "ofNone"] as const)
      await expect(listServiceContainers({ actor: actors[who], serviceId: web.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const events = await listServiceEvents({ actor: actors.memberOfA, serviceId: web.id, query: { limit: 1 } });
    expect(events.items).toHaveLength(1);
    const all = await listServiceEvents({ actor: actors.memberOfA, serviceId: web.id });
    const modelEvents = await db.serviceEvent.findMany({ where: { serviceId: web.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(all.items.map((e) => [e.id, e.createdAt])).toEqual(modelEvents.map((e) => [e.id, e.createdAt.toISOString()]));
    expect(all.items.find((e) => e.message === "event 0")).toMatchObject({
      type: "scaled",
      messageKey: "storedTexts.serviceScaled",
      messageParams: { replicas: 2 },
    });
    expect(all.items.find((e) => e.message === "event 1")).not.toHaveProperty("messageKey");
    await expect(listServiceEvents({ actor: actors.viewerOfB, serviceId: web.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
