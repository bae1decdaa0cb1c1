// T9/T10, T12, T13 through the real server: every forbidden setting through every create and update
// path (deploy, redeploy, rollback to a revision that today's policy refuses, scale) is refused
// before any engine call — the engine's event log shows no service created or updated meanwhile —
// and injection canaries create nothing anywhere. Issue 9: a stored revision is judged by today's
// policy when it is applied again (start of a stopped app, rollback), and viewers read names, not
// values, of environment entries and variables.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, labEngine, leaveAllSwarms, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let T: TenantWorld;
let envId: string;
let hostId: string;
let appId: string;

const base = (extra: string) => `services:\n  web:\n    image: lab/busybox:latest\n    command: sleep 1d\n${extra}`;

const FORBIDDEN: [string, string, string][] = [
  ["privileged", "    privileged: true\n", "services.web.privileged"],
  ["cap_add", "    cap_add: [SYS_ADMIN]\n", "services.web.cap_add"],
  ["cap_add ALL", "    cap_add: [ALL]\n", "services.web.cap_add"],
  ["devices", "    devices: ['/dev/kmsg:/dev/kmsg']\n", "services.web.devices"],
  ["network_mode host", "    network_mode: host\n", "services.web.network_mode"],
  ["pid host", "    pid: host\n", "services.web.pid"],
  ["ipc host", "    ipc: host\n", "services.web.ipc"],
  ["userns host", "    userns_mode: host\n", "services.web.userns_mode"],
  // accepted by the policy once, then refused by the swarm driver at deploy time (issue 9): now one rule
  ["ipc private", "    ipc: private\n", "services.web.ipc"],
  ["no-new-privileges", "    security_opt: ['no-new-privileges:true']\n", "services.web.security_opt"],
  ["seccomp unconfined", "    security_opt: ['seccomp=unconfined']\n", "services.web.security_opt"],
  ["label disable", "    security_opt: ['label=disable']\n", "services.web.security_opt"],
  ["sysctls", "    sysctls: { net.ipv4.ip_forward: 1 }\n", "services.web.sysctls"],
  ["bind /", "    volumes: ['/:/host']\n", "services.web.volumes"],
  ["docker socket", "    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n", "services.web.volumes"],
  ["reserved label", "    labels: { caas.tenant: other }\n", "services.web.labels"],
  ["build", "    build: .\n", "services.web.build"],
  ["env_file", "    env_file: /etc/shadow\n", "services.web.env_file"],
  ["port outside pool", "    ports: ['22:22']\n", "services.web.ports"],
];

async function engineChangesSince(sinceSec: number): Promise<string[]> {
  const stream = await labEngine(0).events({ since: sinceSec, until: Date.now() / 1000 + 0.5, filters: { type: ["service"] }, watchdogMs: 0 });
  const out: string[] = [];
  for await (const e of stream) out.push(`${e.action} ${e.attributes.name ?? e.id}`);
  return out;
}

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  T = await buildTenant(baseUrl, admin, "fuzz");
  envId = (await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "fuzz", portRange: { from: 30200, to: 30299 } })).body.id;
  const h = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: "lab1", endpoint: LAB_HOSTS[0].endpoint });
  expect(h.status, JSON.stringify(h.body)).toBe(201);
  hostId = h.body.id;
  const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "fuzz", compose: base("") });
  expect((await waitForJob(T.users.member.api, r.body.jobId)).status).toBe("succeeded");
  appId = r.body.app.id;
});

afterAll(async () => {
  if (appId) {
    const d = await T.users.member.api.delete(`/api/v1/apps/${appId}`);
    if (d.status === 202) await waitForJob(T.users.member.api, d.body.jobId).catch(() => undefined);
  }
  const r = await admin.delete(`/api/v1/hosts/${hostId}`);
  if (r.status === 202) await waitForJob(admin, r.body.jobId).catch(() => undefined);
  await leaveAllSwarms();
});

describe("T9/T10 forbidden specs on every create and update path", () => {
  it("each forbidden setting is refused with 422 POLICY naming its key path on validate, deploy and redeploy, and the engine sees nothing", async () => {
    const since = Date.now() / 1000;
    const before = [await db.app.count(), await db.appRevision.count({ where: { appId } }), await db.job.count(), await db.portLease.count()];
    for (const [what, snippet, path] of FORBIDDEN) {
      const create = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "evil", compose: base(snippet) });
      expect(create.status, `create ${what}: ${JSON.stringify(create.body)}`).toBe(422);
      expect(
        create.body.error.details.map((d: { path: string }) => d.path).some((p: string) => p.startsWith(path)),
        `create ${what} names ${path}`,
      ).toBe(true);
      const check = await T.users.member.api.post(`/api/v1/environments/${envId}/apps/validate`, { compose: base(snippet) });
      expect(check.status, `validate ${what}: ${JSON.stringify(check.body)}`).toBe(422);
      expect(
        check.body.error.details.map((d: { path: string }) => d.path).some((p: string) => p.startsWith(path)),
        `validate ${what} names ${path}`,
      ).toBe(true);
      const update = await T.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: base(snippet) });
      expect(update.status, `redeploy ${what}`).toBe(422);
      expect(
        update.body.error.details.map((d: { path: string }) => d.path).some((p: string) => p.startsWith(path)),
        `redeploy ${what} names ${path}`,
      ).toBe(true);
    }
    expect([await db.app.count(), await db.appRevision.count({ where: { appId } }), await db.job.count(), await db.portLease.count()]).toEqual(before);
    expect(await engineChangesSince(since)).toEqual([]);
  });

  it("scale refuses out-of-range replicas; rollback re-checks an old revision against today's policy", async () => {
    const svc = (await T.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.services[0].id;
    expect((await T.users.member.api.post(`/api/v1/services/${svc}/scale`, { replicas: 1000 })).status).toBe(400);
    expect((await T.users.member.api.post(`/api/v1/services/${svc}/scale`, { replicas: -1 })).status).toBe(400);
    // An admin allows a bind path, a revision uses it, the admin withdraws it: rolling back to that
    // revision is refused now.
    expect((await admin.patch(`/api/v1/environments/${envId}`, { bindAllowList: ["/srv/shared"] })).status).toBe(200);
    const withBind = await T.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: base("    volumes: ['/srv/shared:/data:ro']\n") });
    expect(withBind.status, JSON.stringify(withBind.body)).toBe(202);
    await waitForJob(T.users.member.api, withBind.body.jobId);
    const bindRevision = (await T.users.viewer.api.get(`/api/v1/apps/${appId}/revisions`)).body.items[0].number;
    const back = await T.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: base("") });
    expect((await waitForJob(T.users.member.api, back.body.jobId)).status).toBe("succeeded");
    expect((await admin.patch(`/api/v1/environments/${envId}`, { bindAllowList: [] })).status).toBe(200);
    const since = Date.now() / 1000;
    const rb = await T.users.member.api.post(`/api/v1/apps/${appId}/rollback`, { revision: bindRevision });
    expect(rb.status).toBe(422);
    expect(rb.body.error.details[0].rule).toBe("bind-mount");
    expect(await engineChangesSince(since)).toEqual([]);
  });
});

describe("issue 9 hole 6: one set of bounds for compose and scale", () => {
  it("replicas above the scale bound and absurd memory or CPU limits are refused on create and redeploy, naming the key", async () => {
    const cases: [string, string][] = [
      ["    deploy: { replicas: 101 }\n", "services.web.deploy.replicas"],
      ["    scale: 10000\n", "services.web.scale"],
      ["    deploy: { resources: { limits: { memory: 1000t } } }\n", "services.web.deploy.resources.limits.memory"],
      ["    mem_limit: 2t\n", "services.web.mem_limit"],
      ["    deploy: { resources: { limits: { cpus: '512' } } }\n", "services.web.deploy.resources.limits.cpus"],
    ];
    const since = Date.now() / 1000;
    for (const [snippet, path] of cases) {
      const create = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "big", compose: base(snippet) });
      const update = await T.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: base(snippet) });
      for (const r of [create, update]) {
        expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      }
    }
    const svc = (await T.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.services[0].id;
    const scale = await T.users.member.api.post(`/api/v1/services/${svc}/scale`, { replicas: 101 });
    expect(scale.status).toBe(400);
    expect(scale.body.error.details[0]).toMatchObject({ path: "replicas", message: "Replicas must be a whole number from 0 to 100 in this environment" });
    expect(await engineChangesSince(since)).toEqual([]);
  });
});

describe("T12 compose injection and T13 canaries", () => {
  it("anchors/merge keys hiding privileged, duplicate keys, the portal's own environment and file secrets: clear errors, nothing created", async () => {
    const cases: [string, number, RegExp][] = [
      ["x-base: &b\n  privileged: true\nservices:\n  web:\n    <<: *b\n    image: lab/busybox:latest\n", 422, /privileged/],
      ["services:\n  web:\n    image: lab/busybox:latest\n    image: lab/other:1\n", 400, /image/],
      ["services:\n  web:\n    image: lab/busybox:latest\n    environment:\n      LEAK: ${DATABASE_URL}${NEXTAUTH_SECRET}${HOME}\n", 202, /./],
      ["services:\n  web:\n    image: lab/busybox:latest\n    secrets: [s]\nsecrets:\n  s:\n    file: ../../etc/shadow\n", 422, /secrets/],
      [`services:\n${"  ".repeat(1)}web:\n    image: lab/busybox:latest\n    command: ${"[".repeat(300)}${"]".repeat(300)}\n`, 400, /./],
      ["x".repeat(300 * 1024), 400, /./],
    ];
    for (const [i, [compose, status, mention]] of cases.entries()) {
      const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: `inj-${i}`, compose });
      expect(r.status, `case ${i}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(status);
      if (status === 202) {
        // interpolation reads only user variables: the portal's environment never reaches the spec
        const rev = await db.appRevision.findFirstOrThrow({ where: { appId: r.body.app.id } });
        expect(rev.specJson).not.toContain(process.env.HOME ?? "/root");
        expect(rev.specJson).not.toMatch(/file:|caas\.db|postgres/);
        const d = await T.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
        await waitForJob(T.users.member.api, d.body.jobId);
      } else {
        expect(JSON.stringify(r.body)).toMatch(mention);
        expect(JSON.stringify(r.body)).not.toContain("root:");
      }
    }
  });

  it("names, labels and commands with shell metacharacters create nothing on any machine", async () => {
    const canary = "/tmp/caas-pwn-canary";
    fs.rmSync(canary, { force: true });
    const evil = [`;touch ${canary}`, `$(touch ${canary})`, `\`touch ${canary}\``, `a\ntouch ${canary}`];
    for (const e of evil) {
      expect((await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: e, compose: base("") })).status).toBe(400);
      expect(
        (
          await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, {
            name: "ok",
            compose: `services:\n  ${JSON.stringify(e)}:\n    image: lab/busybox:latest\n`,
          })
        ).status,
      ).toBe(400);
      expect(
        (await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "ok", compose: base(`    labels: { ${JSON.stringify(e)}: x }\n`) }))
          .status,
      ).toBe(400);
      expect(
        (
          await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, {
            name: "ok",
            compose: `services:\n  web:\n    image: ${JSON.stringify("lab/busybox" + e)}\n`,
          })
        ).status,
      ).toBe(400);
      expect((await admin.post(`/api/v1/environments/${envId}/hosts`, { name: "x", endpoint: `tcp://10.77.0.12:2375${e}` })).status).toBe(400);
    }
    // The lab engines share this machine's filesystem outside their containers: one check covers them.
    expect(fs.existsSync(canary)).toBe(false);
  });
});

describe("issue 9 hole 3: applying a stored revision again runs today's policy", () => {
  const bindDir = `/tmp/caas-bind-${Date.now().toString(36)}`;
  let binderId: string | undefined;

  afterAll(async () => {
    if (binderId) {
      const d = await T.users.member.api.delete(`/api/v1/apps/${binderId}`);
      if (d.status === 202) await waitForJob(T.users.member.api, d.body.jobId).catch(() => undefined);
    }
    await admin.patch(`/api/v1/environments/${envId}`, { bindAllowList: [] });
    fs.rmSync(bindDir, { recursive: true, force: true });
  });

  it("an admin withdraws a bind path: start of the stopped app and rollback to its revision are refused with 422 POLICY naming the bind rule; the engine sees nothing", async () => {
    fs.mkdirSync(bindDir, { recursive: true }); // the lab engines share this machine's filesystem
    expect((await admin.patch(`/api/v1/environments/${envId}`, { bindAllowList: [bindDir] })).status).toBe(200);
    const created = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, {
      name: "binder",
      compose: base(`    volumes: ['${bindDir}:/data:ro']\n`),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    binderId = created.body.app.id;
    expect((await waitForJob(T.users.member.api, created.body.jobId)).status).toBe("succeeded");
    const stop = await T.users.member.api.post(`/api/v1/apps/${binderId}/stop`);
    expect(stop.status).toBe(202);
    expect((await waitForJob(T.users.member.api, stop.body.jobId)).status).toBe("succeeded");

    expect((await admin.patch(`/api/v1/environments/${envId}`, { bindAllowList: [] })).status).toBe(200);
    const since = Date.now() / 1000;
    const jobsBefore = await db.job.count();

    const start = await T.users.member.api.post(`/api/v1/apps/${binderId}/start`);
    expect(start.status, JSON.stringify(start.body)).toBe(422);
    expect(start.body.error.code).toBe("POLICY");
    expect(start.body.error.message).toMatch(/bind-mount/);
    expect(start.body.error.details).toEqual([expect.objectContaining({ rule: "bind-mount", path: "services.web.volumes[0]" })]);

    const rollback = await T.users.member.api.post(`/api/v1/apps/${binderId}/rollback`, { revision: 1 });
    expect(rollback.status, JSON.stringify(rollback.body)).toBe(422);
    expect(rollback.body.error.details[0].rule).toBe("bind-mount");

    expect(await db.job.count()).toBe(jobsBefore);
    expect((await T.users.viewer.api.get(`/api/v1/apps/${binderId}`)).body.status).toBe("stopped");
    expect(await engineChangesSince(since)).toEqual([]);
  });
});

describe("issue 9 hole 6: viewers read names, never values, of environment entries and variables", () => {
  const LITERAL = "literal-secret-7f3a";
  const VARIABLE = "variable-secret-9c1d";
  let secretsId: string | undefined;

  afterAll(async () => {
    if (!secretsId) return;
    const d = await T.users.member.api.delete(`/api/v1/apps/${secretsId}`);
    if (d.status === 202) await waitForJob(T.users.member.api, d.body.jobId).catch(() => undefined);
  });

  it("the compose export and the revisions show the viewer names and hide values; the owner and members see them", async () => {
    const compose = base(`    environment:\n      DB_PASSWORD: ${LITERAL}\n      TOKEN: \${TOKEN}\n`);
    const created = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "secrets", compose, variables: { TOKEN: VARIABLE } });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    secretsId = created.body.app.id;
    expect((await waitForJob(T.users.member.api, created.body.jobId)).status).toBe("succeeded");

    for (const [who, api] of [
      ["owner", T.users.owner.api],
      ["member", T.users.member.api],
    ] as const) {
      const exported = await api.get(`/api/v1/apps/${secretsId}/compose`);
      expect(exported.status).toBe(200);
      expect(exported.body, who).toContain(LITERAL);
      expect(exported.body, who).toContain(VARIABLE);
      expect(JSON.stringify((await api.get(`/api/v1/apps/${secretsId}/revisions`)).body), who).toContain(LITERAL);
    }

    const viewer = T.users.viewer.api;
    for (const path of [`/api/v1/apps/${secretsId}/compose`, `/api/v1/apps/${secretsId}/compose?revision=1`]) {
      const r = await viewer.get(path);
      expect(r.status).toBe(200);
      expect(r.body).toContain("DB_PASSWORD");
      expect(r.body).toContain("TOKEN");
      expect(r.body).toContain("(hidden)");
      expect(r.body).not.toContain(LITERAL);
      expect(r.body).not.toContain(VARIABLE);
    }
    const revs = await viewer.get(`/api/v1/apps/${secretsId}/revisions`);
    expect(revs.status).toBe(200);
    const text = JSON.stringify(revs.body);
    expect(revs.body.items[0].composeText).toContain("DB_PASSWORD");
    expect(text).not.toContain(LITERAL);
    expect(text).not.toContain(VARIABLE);
  });
});
