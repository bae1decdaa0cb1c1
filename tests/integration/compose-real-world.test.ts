// Issue 10 on the three-engine lab, through REST only: validate writes nothing and answers like a
// deploy; a real-world-shaped file (extends, profiles, ulimits, stop_signal, read_only, network
// aliases, a dotted env name, a fixed port remapped into the pool) deploys, converges and the
// engine's service specs carry the mapped settings; a portal secret reaches /run/secrets/<name>
// while no API answer, page or portal log line carries its value; hostile documents are refused
// quickly with nothing created.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, sessionCookie, tokenClient, waitForJob, type ApiResponse } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { addLabHosts, eventually, httpGet, LAB_HOSTS, labEngine, leaveAllSwarms, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const portalLog = `${inject("dataDir")}.portal.log`;
let admin: ApiClient;
let A: TenantWorld;
let envId: string;
const hostIds: string[] = [];
const POOL = { from: 30100, to: 30199 };

/** Every answer the suite received, to look for secret values in afterwards. */
const answers: string[] = [];
function keep<T>(r: ApiResponse<T>): ApiResponse<T> {
  answers.push(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
  return r;
}

const counts = async () => ({
  apps: await db.app.count(),
  revisions: await db.appRevision.count(),
  leases: await db.portLease.count(),
  jobs: await db.job.count(),
  audit: await db.auditEvent.count(),
  secrets: await db.portalSecret.count(),
});

/** The engine's own service specs of an app (raw Engine API on a lab manager). */
async function engineSpecs(appId: string): Promise<Record<string, any>> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`caas.app=${appId}`] }));
  const r = await fetch(`http://${LAB_HOSTS[0].ip}:2375/services?filters=${filters}`);
  const list = (await r.json()) as { Spec: { Labels: Record<string, string> } & Record<string, any> }[];
  return Object.fromEntries(list.map((s) => [s.Spec.Labels["caas.service"], s.Spec]));
}

async function execIn(serviceId: string, cmd: string[]): Promise<string> {
  const c = await eventually(
    "a running container",
    () => db.container.findFirst({ where: { serviceId, state: "running", engineId: { not: null }, hostId: { not: null } } }),
    60_000,
  );
  const host = await db.host.findUniqueOrThrow({ where: { id: c.hostId! } });
  const engine = labEngine(LAB_HOSTS.findIndex((h) => h.endpoint === host.endpoint));
  return (await (await engine.containerExec(c.engineId!, { cmd })).collect()).stdout;
}

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "real-world");
  const env = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "lab", portRange: POOL });
  expect(env.status, JSON.stringify(env.body)).toBe(201);
  envId = env.body.id;
  hostIds.push(...Object.values(await addLabHosts(admin, envId)));
}, 300_000);

afterAll(async () => {
  for (const app of await db.app.findMany({ where: { environmentId: envId } })) {
    const d = await admin.delete(`/api/v1/apps/${app.id}`);
    if (d.status === 202) await waitForJob(admin, d.body.jobId, 120_000).catch(() => undefined);
  }
  for (const id of hostIds.reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
});

const REAL_WORLD = `
x-common: &common
  image: lab/busybox:latest
  stop_signal: SIGINT
  ulimits:
    nofile: { soft: 1024, hard: 2048 }
  environment:
    app.mode: real-world

services:
  base:
    <<: *common
    command: ["sh", "-c", "exec sleep 1d"]
  web:
    extends:
      service: base
    read_only: true
    tmpfs: [/www]
    command: ["sh", "-c", "echo rw-ok > /www/index.html && exec httpd -f -p 80 -h /www"]
    ports: ["80:80"]
    networks:
      front:
        aliases: [frontdoor]
  debug:
    image: lab/busybox:latest
    profiles: [debug]
    command: sleep 1d

networks:
  front: {}
`;

describe("validate: the deploy's checks, nothing written", () => {
  it("answers the normalized view with the remapped port, refuses viewers, and writes no row", async () => {
    const before = await counts();
    const viewer = await A.users.viewer.api.post(`/api/v1/environments/${envId}/apps/validate`, { compose: REAL_WORLD, remapPorts: true });
    expect(viewer.status).toBe(403);
    const r = keep(await A.users.member.api.post(`/api/v1/environments/${envId}/apps/validate`, { name: "shop", compose: REAL_WORLD, remapPorts: true }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.services.map((s: { name: string }) => s.name).sort()).toEqual(["base", "web"]);
    const web = r.body.services.find((s: { name: string }) => s.name === "web");
    expect(web).toMatchObject({ image: "lab/busybox:latest", replicas: 1, env: ["app.mode"] });
    expect(web.ports).toHaveLength(1);
    expect(web.ports[0]).toMatchObject({ target: 80, requested: 80, protocol: "tcp" });
    expect(web.ports[0].published).toBeGreaterThanOrEqual(POOL.from);
    expect(r.body.portMappings).toEqual([{ service: "web", target: 80, protocol: "tcp", requested: 80, published: web.ports[0].published }]);
    expect(
      r.body.warnings.some((w: { path: string }) => w.path.includes("debug")),
      JSON.stringify(r.body.warnings),
    ).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it("gives the 422 a deploy gives, naming the pool and the fix, and the 400 for a missing portal secret", async () => {
    const before = await counts();
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps/validate`, { compose: REAL_WORLD });
    expect(r.status).toBe(422);
    const d = r.body.error.details.find((x: { rule: string }) => x.rule === "port-range");
    expect(d.path).toBe("services.web.ports[0]");
    expect(d.message).toContain(`${POOL.from}–${POOL.to}`);
    expect(d.message).toContain("remapPorts");
    const create = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "shop", compose: REAL_WORLD });
    expect(create.status).toBe(422);
    expect(create.body.error.details).toEqual(r.body.error.details);
    const missing = "services:\n  x:\n    image: lab/busybox:latest\n    secrets: [nope]\nsecrets:\n  nope: { external: true }\n";
    const m = await A.users.member.api.post(`/api/v1/environments/${envId}/apps/validate`, { compose: missing });
    expect(m.status).toBe(400);
    expect(m.body.error.details).toEqual([
      expect.objectContaining({ path: "secrets.nope", message: expect.stringContaining('no secret named "nope"'), key: expect.any(String) }),
    ]);
    expect((await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "nope", compose: missing })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});

describe("a real-world file with remapPorts", () => {
  let appId: string;

  it("deploys, converges, and the engine's specs carry the mapped settings", async () => {
    const r = keep(await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "shop", compose: REAL_WORLD, remapPorts: true }));
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    appId = r.body.app.id;
    expect(r.body.portMappings).toHaveLength(1);
    const published = r.body.portMappings[0].published;
    expect(r.body.portMappings[0]).toMatchObject({ service: "web", target: 80, requested: 80 });
    const job = await waitForJob(A.users.member.api, r.body.jobId, 180_000);
    expect(job.status, job.error).toBe("succeeded");
    const app = keep(await A.users.viewer.api.get(`/api/v1/apps/${appId}`));
    expect(app.body.portMappings).toEqual([{ service: "web", target: 80, protocol: "tcp", requested: 80, published }]);
    expect(app.body.services.find((s: { name: string }) => s.name === "web").ports).toEqual([{ published, target: 80, protocol: "tcp", requested: 80 }]);

    const specs = await engineSpecs(appId);
    expect(Object.keys(specs).sort()).toEqual(["base", "web"]); // profile "debug" left out
    const cs = specs.web.TaskTemplate.ContainerSpec;
    expect(cs.ReadOnly).toBe(true);
    expect(cs.StopSignal).toBe("SIGINT");
    expect(cs.Ulimits).toEqual([{ Name: "nofile", Soft: 1024, Hard: 2048 }]);
    expect(cs.Env).toContain("app.mode=real-world");
    expect(cs.Mounts).toEqual(expect.arrayContaining([expect.objectContaining({ Type: "tmpfs", Target: "/www" })]));
    expect(specs.web.TaskTemplate.Networks[0].Aliases).toEqual(expect.arrayContaining(["web", "frontdoor"]));
    expect(specs.web.EndpointSpec.Ports).toEqual([expect.objectContaining({ TargetPort: 80, PublishedPort: published })]);
    expect(specs.base.TaskTemplate.ContainerSpec.StopSignal).toBe("SIGINT"); // extends copied it

    const answered = await eventually(`port ${published} answering`, async () => {
      for (const h of LAB_HOSTS) {
        const res = await httpGet(`http://${h.ip}:${published}/`);
        if (res?.text.includes("rw-ok")) return h.ip;
      }
      return null;
    });
    expect(answered).toBeTruthy();
    // the alias resolves on the app network
    const base = (await db.service.findFirstOrThrow({ where: { appId, name: "base" } })).id;
    // (the overlay's DNS may take a moment after convergence to know a new task)
    const viaAlias = await eventually(
      "frontdoor answering from base",
      async () => {
        const out = await execIn(base, ["sh", "-c", "timeout 5 wget -qO- http://frontdoor/ || true"]);
        return out.includes("rw-ok") ? out : null;
      },
      30_000,
    );
    expect(viaAlias).toContain("rw-ok");
  });

  it("the export writes the leased port with the requested one and re-deploys as the same model", async () => {
    const exported = keep(await A.users.member.api.get(`/api/v1/apps/${appId}/compose`));
    expect(exported.status).toBe(200);
    const text = exported.body as string;
    const published = (await A.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.portMappings[0].published;
    expect(text).toContain(`published: ${published}`);
    expect(text).toContain("x-caas-requested-port: 80");
    const check = await A.users.member.api.post(`/api/v1/environments/${envId}/apps/validate`, { name: "shop", compose: text });
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect(check.body.portMappings).toEqual([{ service: "web", target: 80, protocol: "tcp", requested: 80, published }]);
  });
});

describe("portal secrets", () => {
  const SECRET = `s3cr3t-${Date.now().toString(36)}-value`;
  const SECRET2 = `${SECRET}-rotated`;
  const VAR_SECRET = `var-${Date.now().toString(36)}-hidden`;
  let appId: string;
  let secretId: string;
  const READER = `
services:
  reader:
    image: lab/busybox:latest
    command: sleep 1d
    environment:
      TOKEN: \${TOKEN}
    secrets: [db_pw]
secrets:
  db_pw:
    external: true
`;

  it("members create them, viewers see names only, values are never answered", async () => {
    expect((await A.users.viewer.api.post(`/api/v1/environments/${envId}/secrets`, { name: "db_pw", value: SECRET })).status).toBe(403);
    const c = keep(await A.users.member.api.post(`/api/v1/environments/${envId}/secrets`, { name: "db_pw", value: SECRET }));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ name: "db_pw", kind: "secret", version: 1, usedBy: [] });
    secretId = c.body.id;
    expect((await A.users.member.api.post(`/api/v1/environments/${envId}/secrets`, { name: "db_pw", value: "x" })).status).toBe(409);
    const list = keep(await A.users.viewer.api.get(`/api/v1/environments/${envId}/secrets`));
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(["db_pw"]);
    const row = await db.portalSecret.findUniqueOrThrow({ where: { id: secretId } });
    expect(row.valueEnc).not.toContain(SECRET);
  });

  it("a deploy puts the value in /run/secrets/<name> and a secret variable in the environment", async () => {
    const r = keep(
      await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, {
        name: "reader",
        compose: READER,
        variables: { TOKEN: { value: VAR_SECRET, secret: true } },
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    appId = r.body.app.id;
    const job = keep(await A.users.member.api.get(`/api/v1/jobs/${r.body.jobId}`));
    expect(job.status).toBe(200);
    expect((await waitForJob(A.users.member.api, r.body.jobId, 180_000)).status).toBe("succeeded");
    const svc = (await db.service.findFirstOrThrow({ where: { appId, name: "reader" } })).id;
    expect(await execIn(svc, ["cat", "/run/secrets/db_pw"])).toBe(SECRET);
    expect(await execIn(svc, ["sh", "-c", 'printf %s "$TOKEN"'])).toBe(VAR_SECRET);
    const spec = (await engineSpecs(appId)).reader;
    expect(spec.TaskTemplate.ContainerSpec.Secrets[0]).toMatchObject({
      File: { Name: "db_pw" },
      SecretName: expect.stringMatching(new RegExp(`^caas-${appId}-db_pw-v1-`)),
    });
    const list = keep(await A.users.viewer.api.get(`/api/v1/environments/${envId}/secrets`));
    expect(list.body.items[0].usedBy).toEqual([{ id: appId, name: "reader" }]);
    // at rest: the revision's variables and model are sealed
    const rev = await db.appRevision.findFirstOrThrow({ where: { appId } });
    expect(JSON.stringify(rev)).not.toContain(VAR_SECRET);
  });

  it("a new value is a new version; a redeploy rolls it out and removes the old swarm secret", async () => {
    const u = keep(await A.users.member.api.put(`/api/v1/secrets/${secretId}`, { value: SECRET2 }));
    expect(u.status, JSON.stringify(u.body)).toBe(200);
    expect(u.body.version).toBe(2);
    const r = keep(await A.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: READER }));
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(A.users.member.api, r.body.jobId, 180_000)).status).toBe("succeeded");
    const svc = (await db.service.findFirstOrThrow({ where: { appId, name: "reader" } })).id;
    expect(await eventually("the new value", async () => (await execIn(svc, ["cat", "/run/secrets/db_pw"])) === SECRET2, 60_000)).toBe(true);
    expect(await execIn(svc, ["sh", "-c", 'printf %s "$TOKEN"'])).toBe(VAR_SECRET); // kept without being sent again
    const names = await eventually(
      "only version 2 left",
      async () => {
        const all = (await labEngine(0).listSwarmObjects("secret", { label: [`caas.app=${appId}`] })).map((o) => o.name);
        return all.length === 1 ? all : null;
      },
      30_000,
    );
    expect(names[0]).toMatch(new RegExp(`^caas-${appId}-db_pw-v2-`));
    expect((await A.users.member.api.delete(`/api/v1/secrets/${secretId}`)).status).toBe(409);
  });

  it("no API answer, page or portal log line carries a value", async () => {
    const m = A.users.member.api;
    for (const p of [
      `/api/v1/apps/${appId}`,
      `/api/v1/apps/${appId}/compose`,
      `/api/v1/apps/${appId}/revisions`,
      `/api/v1/environments/${envId}/secrets`,
      `/api/v1/environments/${envId}/apps`,
      `/api/v1/audit?tenantId=${A.id}`,
    ]) {
      keep(await m.get(p));
      keep(await A.users.viewer.api.get(p));
      keep(await A.users.owner.api.get(p));
    }
    const svc = (await db.service.findFirstOrThrow({ where: { appId, name: "reader" } })).id;
    for (const c of (keep(await m.get(`/api/v1/services/${svc}/containers`)).body.items ?? []) as { id: string }[])
      keep(await m.get(`/api/v1/containers/${c.id}`));
    const cookie = await sessionCookie(baseUrl, A.users.member.email, A.users.member.password);
    for (const page of [`/apps/${appId}`, `/environments/${envId}`]) {
      const html = await fetch(`${baseUrl}${page}`, { headers: { cookie } });
      expect(html.status, page).toBe(200);
      answers.push(await html.text());
    }
    const everything = answers.join("\n");
    expect(everything.length).toBeGreaterThan(1000);
    for (const v of [SECRET, SECRET2, VAR_SECRET]) expect(everything.includes(v), `an answer carries ${v}`).toBe(false);
    const log = fs.readFileSync(portalLog, "utf8");
    for (const v of [SECRET, SECRET2, VAR_SECRET]) expect(log.includes(v), "the portal log carries a value").toBe(false);
  });

  it("deleting the app removes its swarm secrets; then the portal secret may go", async () => {
    const d = await A.users.member.api.delete(`/api/v1/apps/${appId}`);
    expect(d.status).toBe(202);
    expect((await waitForJob(A.users.member.api, d.body.jobId, 120_000)).status).toBe("succeeded");
    expect(await labEngine(0).listSwarmObjects("secret", { label: [`caas.app=${appId}`] })).toEqual([]);
    expect((await A.users.member.api.delete(`/api/v1/secrets/${secretId}`)).status).toBe(204);
  });
});

describe("hostile documents through validate and create", () => {
  const big =
    "services:\n  x:\n    image: lab/busybox:latest\n    labels:\n" + Array.from({ length: 100_000 }, (_, i) => `      k${i}: "${"v".repeat(40)}"\n`).join("");
  const nested = "services:\n  x:\n    image: lab/busybox:latest\n    labels:\n" + "      a: ".padEnd(0) + "[".repeat(200) + "]".repeat(200) + "\n";
  const laughs = [
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    ...Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
    ),
    "services:\n  x:\n    image: lab/busybox:latest\n    command: *j",
  ].join("\n");

  it("a 5 MB document, 200 levels of nesting and a billion laughs are refused quickly with a clear error, creating nothing", async () => {
    expect(big.length).toBeGreaterThan(5_000_000);
    const before = await counts();
    for (const [what, compose] of [
      ["5 MB", big],
      ["200 levels", nested],
      ["billion laughs", laughs],
    ] as const) {
      for (const path of [`/api/v1/environments/${envId}/apps/validate`, `/api/v1/environments/${envId}/apps`]) {
        const t0 = Date.now();
        const r = await A.users.member.api.post(path, { name: "hostile", compose });
        const ms = Date.now() - t0;
        expect(r.status, `${what} ${path}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(400);
        expect(r.body.error.code).toBe("VALIDATION");
        expect(r.body.error.message.length).toBeGreaterThan(10);
        // not a timing target (those are in npm run bench): a bound far below what an expanded
        // billion laughs or a parse of the whole 5 MB would take, loose enough for a loaded CI machine
        expect(ms, `${what} ${path} took ${ms} ms`).toBeLessThan(15_000);
      }
    }
    expect(await counts()).toEqual(before);
  });
});
