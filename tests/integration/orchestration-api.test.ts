// Issue 3 acceptance through the REST API alone, on the three-engine lab: environment, three hosts
// (one swarm, three managers), a Compose V1 app with two linked services and a pooled port, scale,
// redeploy, rollback, export, delete — plus the policy refusal, a failed deploy with no orphans
// (T24), concurrent port leases (T25), drift (T26) and the cross-tenant sweep for these endpoints.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { io } from "socket.io-client";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, eventually, httpGet, labEngine, leaveAllSwarms, requireCleanLab } from "../support/lab";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let envId: string;
const hostIds: string[] = [];

const V1_LINKED = (text: string) => `
web:
  image: lab/busybox:latest
  command: sh -c "echo ${text} > /var/www/index.html && exec httpd -f -p 80 -h /var/www"
  links:
    - api:backend
  ports:
    - "80"
api:
  image: lab/busybox:latest
  command: sh -c "echo api-ok > /var/www/index.html && exec httpd -f -p 8080 -h /var/www"
`;

async function answerOnSomeHost(port: number, expected: string): Promise<string> {
  return eventually(`port ${port} answering "${expected}"`, async () => {
    for (const h of LAB_HOSTS) {
      const r = await httpGet(`http://${h.ip}:${port}/`);
      if (r?.text.includes(expected)) return h.ip;
    }
    return null;
  });
}

async function engineServicesOfApp(appId: string) {
  return (await labEngine(0).listServices({ label: [`caas.app=${appId}`] })).length;
}

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "orch-a");
  B = await buildTenant(baseUrl, admin, "orch-b");
  const env = await A.users.owner.api.post("/api/v1/environments", { tenantId: A.id, name: "lab", portRange: { from: 30000, to: 30099 } });
  expect(env.status).toBe(201);
  envId = env.body.id;
});

afterAll(async () => {
  for (const id of hostIds.reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
});

describe("hosts", () => {
  it("a tenant owner may not add a plain tcp:// engine (labs and the local engine are for admins)", async () => {
    const r = await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "x", endpoint: LAB_HOSTS[0].endpoint });
    expect(r.status).toBe(403);
  });

  it("rejects a malformed endpoint naming the field", async () => {
    const r = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: "bad", endpoint: "tcp://10.77.0.11:2375;touch /tmp/pwn" });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("endpoint");
  });

  it("adds three hosts: the first creates the swarm, the others join, then all three are managers", async () => {
    const t0 = Date.now();
    for (const h of LAB_HOSTS) {
      const r = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: h.name, endpoint: h.endpoint });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ status: "ready", endpoint: h.endpoint, advertiseAddr: h.ip });
      expect(r.body.resources.cpus).toBeGreaterThan(0);
      hostIds.push(r.body.id);
    }
    console.log(`[measure] 3 hosts added (swarm init + 2 joins + promotion): ${Date.now() - t0} ms`);
    const list = await A.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
    expect(list.body.items.map((h: { swarmRole: string }) => h.swarmRole)).toEqual(["manager", "manager", "manager"]);
    const nodes = await labEngine(0).listNodes();
    expect(nodes.filter((n) => n.role === "manager")).toHaveLength(3);
    expect(JSON.stringify(list.body)).not.toMatch(/SWMTKN/);
  });

  it("refuses an engine that is already registered", async () => {
    const r = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: "again", endpoint: LAB_HOSTS[1].endpoint });
    expect(r.status).toBe(409);
  });
});

describe("app lifecycle (Compose V1, two linked services, pooled port)", () => {
  let appId: string;
  let web: { id: string; ports: { published: number }[] };

  it("deploys and converges; the port is inside the pool and answers; the link alias resolves", async () => {
    const t0 = Date.now();
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "shop", compose: V1_LINKED("hello") });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    appId = r.body.app.id;
    const job = await waitForJob(A.users.member.api, r.body.jobId);
    expect(job.status, job.error).toBe("succeeded");
    console.log(`[measure] 2-service V1 app deploy to converged: ${Date.now() - t0} ms`);
    const app = await A.users.viewer.api.get(`/api/v1/apps/${appId}`);
    expect(app.body).toMatchObject({ status: "running", revision: 1 });
    web = app.body.services.find((s: { name: string }) => s.name === "web");
    expect(web.ports).toHaveLength(1);
    const port = web.ports[0].published;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(30099);
    await answerOnSomeHost(port, "hello");
    // web reaches api by its link alias, from inside a web container, over the app's overlay
    const c = await db.container.findFirst({ where: { serviceId: web.id, state: "running" } });
    const host = await db.host.findUniqueOrThrow({ where: { id: c!.hostId! } });
    const engine = labEngine(LAB_HOSTS.findIndex((h) => h.endpoint === host.endpoint));
    const exec = await engine.containerExec(c!.engineId!, { cmd: ["sh", "-c", "timeout 5 wget -qO- http://backend:8080/"] });
    const out = await exec.collect();
    expect(out.stdout).toContain("api-ok");
  });

  it("scales to 3, and back to 1", async () => {
    const t0 = Date.now();
    const r = await A.users.member.api.post(`/api/v1/services/${web.id}/scale`, { replicas: 3 });
    expect(r.status).toBe(200);
    await eventually("3 running", async () => (await A.users.member.api.get(`/api/v1/services/${web.id}`)).body.replicas.running === 3);
    console.log(`[measure] scale 1 → 3 observed: ${Date.now() - t0} ms`);
    const containers = await A.users.viewer.api.get(`/api/v1/services/${web.id}/containers`);
    expect(
      new Set(containers.body.items.filter((c: { state: string }) => c.state === "running").map((c: { host: { name: string } }) => c.host?.name)).size,
    ).toBe(3);
    expect((await A.users.viewer.api.post(`/api/v1/services/${web.id}/scale`, { replicas: 5 })).status).toBe(403);
    expect((await A.users.member.api.post(`/api/v1/services/${web.id}/scale`, { replicas: 1 })).status).toBe(200);
    await eventually("1 running", async () => (await A.users.member.api.get(`/api/v1/services/${web.id}`)).body.replicas.running === 1);
    const events = await A.users.viewer.api.get(`/api/v1/services/${web.id}/events`);
    expect(events.body.items.some((e: { type: string }) => e.type === "scale")).toBe(true);
  });

  it("redeploys with a new compose (same port), then rolls back; /events pushes the job's progress", async () => {
    const port = web.ports[0].published;
    const socket = io(`${baseUrl}/events`, { auth: { token: A.users.viewer.api.auth.token }, transports: ["websocket"] });
    const seen: { status: string; progress: number }[] = [];
    socket.on("job", (j) => seen.push(j));
    await new Promise<void>((res, rej) => {
      socket.on("connect", () => res());
      socket.on("connect_error", rej);
    });
    const r = await A.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: V1_LINKED("hello-v2") });
    expect(r.status).toBe(202);
    const sub = await socket.emitWithAck("subscribe-job", r.body.jobId);
    expect(sub.ok).toBe(true);
    // a second socket subscribes and leaves again: after its unsubscribe is answered, none of the
    // job's pushes reach it, while the first socket gets them to the end
    const leaver = io(`${baseUrl}/events`, { auth: { token: A.users.viewer.api.auth.token }, transports: ["websocket"] });
    let unsubscribed = false;
    const afterLeaving: unknown[] = [];
    leaver.on("job", (j) => unsubscribed && afterLeaving.push(j));
    leaver.on("deploy", (d) => unsubscribed && afterLeaving.push(d));
    expect((await leaver.emitWithAck("subscribe-job", r.body.jobId)).ok).toBe(true);
    expect(await leaver.emitWithAck("unsubscribe-job", r.body.jobId)).toEqual({ ok: true });
    unsubscribed = true;
    const foreign = io(`${baseUrl}/events`, { auth: { token: B.users.owner.api.auth.token }, transports: ["websocket"] });
    expect((await foreign.emitWithAck("subscribe-job", r.body.jobId)).error.code).toBe("NOT_FOUND");
    foreign.close();
    expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
    await eventually("the final job event", async () => seen.some((j) => j.status === "succeeded"), 5_000);
    // the job's end was pushed to the first socket, seconds after the leaver had gone: not to it
    expect(afterLeaving).toEqual([]);
    unsubscribed = false;
    // the leaver's socket still works: the same job answers it on a new subscription
    expect((await leaver.emitWithAck("subscribe-job", r.body.jobId)).job.status).toBe("succeeded");
    leaver.close();
    socket.close();
    await answerOnSomeHost(port, "hello-v2");
    const rb = await A.users.member.api.post(`/api/v1/apps/${appId}/rollback`, { revision: 1 });
    expect(rb.status).toBe(202);
    expect((await waitForJob(A.users.member.api, rb.body.jobId)).status).toBe("succeeded");
    await answerOnSomeHost(port, "hello");
    const revs = await A.users.viewer.api.get(`/api/v1/apps/${appId}/revisions`);
    expect(revs.body.items.map((x: { number: number; status: string }) => [x.number, x.status])).toEqual([
      [3, "succeeded"],
      [2, "superseded"],
      [1, "superseded"],
    ]);
    await answerOnSomeHost(port, "hello");
    // T28: a double-submitted redeploy with one Idempotency-Key has one effect
    const key = `idem-${Date.now()}`;
    const [d1, d2] = await Promise.all([
      A.users.member.api.request("PUT", `/api/v1/apps/${appId}/compose`, { compose: V1_LINKED("hello") }, { "idempotency-key": key }),
      A.users.member.api.request("PUT", `/api/v1/apps/${appId}/compose`, { compose: V1_LINKED("hello") }, { "idempotency-key": key }),
    ]);
    expect([d1.status, d2.status]).toEqual([202, 202]);
    expect(d1.body.jobId).toBe(d2.body.jobId);
    expect((await waitForJob(A.users.member.api, d1.body.jobId)).status).toBe("succeeded");
    expect((await A.users.viewer.api.get(`/api/v1/apps/${appId}/revisions`)).body.items).toHaveLength(4);
    const exported = await A.users.viewer.api.get(`/api/v1/apps/${appId}/compose`);
    expect(exported.status).toBe(200);
    expect(exported.body).toContain(`${port}`);
    expect(exported.body).toMatch(/services:/);
  });

  it("shows drift made behind the portal's back and repairs it with a redeploy (T26)", async () => {
    const api = (await db.service.findFirstOrThrow({ where: { appId, name: "api" } })).swarmServiceId!;
    await labEngine(0).removeService(api);
    await eventually("drift shown", async () => (await A.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.status === "drifted", 30_000);
    const r = await A.users.member.api.put(`/api/v1/apps/${appId}/compose`, { compose: V1_LINKED("hello") });
    expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
    await eventually("repaired", async () => (await A.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.status === "running", 30_000);
  });

  it("tenant B's roles and anonymous get 404/401 on every endpoint of this app (T1)", async () => {
    const svc = web.id;
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/v1/apps/${appId}`],
      ["GET", `/api/v1/apps/${appId}/revisions`],
      ["GET", `/api/v1/apps/${appId}/compose`],
      ["PUT", `/api/v1/apps/${appId}/compose`, { compose: V1_LINKED("pwned") }],
      ["POST", `/api/v1/apps/${appId}/rollback`, { revision: 1 }],
      ["GET", `/api/v1/apps/${appId}/deploy`],
      ["POST", `/api/v1/apps/${appId}/cancel`],
      ["POST", `/api/v1/apps/${appId}/stop`],
      ["POST", `/api/v1/apps/${appId}/start`],
      ["DELETE", `/api/v1/apps/${appId}`],
      ["GET", `/api/v1/services/${svc}`],
      ["POST", `/api/v1/services/${svc}/scale`, { replicas: 0 }],
      ["GET", `/api/v1/services/${svc}/events`],
      ["GET", `/api/v1/services/${svc}/containers`],
      ["GET", `/api/v1/environments/${envId}/hosts`],
      ["POST", `/api/v1/environments/${envId}/hosts`, { name: "x", endpoint: "ssh://u@10.77.0.99" }],
      ["GET", `/api/v1/hosts/${hostIds[0]}`],
      ["DELETE", `/api/v1/hosts/${hostIds[0]}`],
      ["GET", `/api/v1/environments/${envId}/apps`],
      ["POST", `/api/v1/environments/${envId}/apps`, { name: "intruder", compose: V1_LINKED("x") }],
      ["GET", `/api/v1/environments/${envId}/ports`],
    ];
    const before = [await db.app.count(), await db.appRevision.count(), await db.host.count(), await db.job.count(), await engineServicesOfApp(appId)];
    for (const [method, path, body] of calls) {
      for (const role of ["owner", "member", "viewer"] as const) {
        const r = await B.users[role].api.request(method, path, body);
        expect(r.status, `${role} of B: ${method} ${path}`).toBe(404);
      }
      expect((await new ApiClient(baseUrl).request(method, path, body)).status).toBe(401);
    }
    const apps = await B.users.owner.api.get("/api/v1/apps");
    expect(apps.body.items.map((a: { id: string }) => a.id)).not.toContain(appId);
    expect([await db.app.count(), await db.appRevision.count(), await db.host.count(), await db.job.count(), await engineServicesOfApp(appId)]).toEqual(before);
  });

  it("stops, starts, and deletes: services, network and leases are gone", async () => {
    const stop = await A.users.member.api.post(`/api/v1/apps/${appId}/stop`);
    expect((await waitForJob(A.users.member.api, stop.body.jobId)).status).toBe("succeeded");
    expect((await A.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.status).toBe("stopped");
    const start = await A.users.member.api.post(`/api/v1/apps/${appId}/start`);
    expect((await waitForJob(A.users.member.api, start.body.jobId)).status).toBe("succeeded");
    const del = await A.users.member.api.delete(`/api/v1/apps/${appId}`);
    expect(del.status).toBe(202);
    expect((await waitForJob(A.users.member.api, del.body.jobId)).status).toBe("succeeded");
    expect((await A.users.member.api.get(`/api/v1/apps/${appId}`)).status).toBe(404);
    expect((await A.users.viewer.api.get(`/api/v1/environments/${envId}/ports`)).body.items).toEqual([]);
    // Swarm removes asynchronously: the engine may list an object for a moment after the job.
    await eventually("no labelled service left", async () => (await engineServicesOfApp(appId)) === 0, 15_000);
    await eventually("no labelled network left", async () => (await labEngine(0).listNetworks({ label: [`caas.app=${appId}`] })).length === 0, 15_000);
  });
});

describe("Compose V2 and V3", () => {
  it("a V2 file with three services, depends_on and a named volume converges", async () => {
    const compose = `
version: "2.4"
services:
  db:
    image: lab/busybox:latest
    command: sh -c "echo db > /data/who && exec sleep 1d"
    volumes:
      - dbdata:/data
  cache:
    image: lab/busybox:latest
    command: sleep 1d
    mem_limit: 64m
  app:
    image: lab/busybox:latest
    command: sh -c "exec httpd -f -p 8000 -h /"
    depends_on: [db, cache]
    ports:
      - "8000"
volumes:
  dbdata: {}
`;
    const t0 = Date.now();
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "v2app", compose });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
    console.log(`[measure] 3-service V2 app deploy to converged: ${Date.now() - t0} ms`);
    const app = await A.users.viewer.api.get(`/api/v1/apps/${r.body.app.id}`);
    expect(app.body.services.map((x: { name: string; replicas: { running: number } }) => [x.name, x.replicas.running])).toEqual([
      ["app", 1],
      ["cache", 1],
      ["db", 1],
    ]);
    const del = await A.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
    expect((await waitForJob(A.users.member.api, del.body.jobId)).status).toBe("succeeded");
  });

  it("a V3 file with deploy.replicas, resources and a healthcheck converges with every replica healthy", async () => {
    const compose = `
version: "3.8"
services:
  web:
    image: lab/busybox:latest
    command: ["sh", "-c", "echo v3 > /var/www/index.html && exec httpd -f -p 80 -h /var/www"]
    healthcheck:
      test: ["CMD", "sh", "-c", "timeout 2 wget -qO- http://127.0.0.1/ >/dev/null"]
      interval: 2s
      timeout: 3s
      retries: 3
    deploy:
      replicas: 3
      resources:
        limits: { cpus: "0.25", memory: 64M }
      update_config: { parallelism: 1, delay: 1s }
      restart_policy: { condition: any, delay: 1s }
    ports:
      - "80"
`;
    const t0 = Date.now();
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "v3app", compose });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
    console.log(`[measure] 3-replica V3 service with healthcheck to converged: ${Date.now() - t0} ms`);
    const app = await A.users.viewer.api.get(`/api/v1/apps/${r.body.app.id}`);
    expect(app.body.services[0].replicas).toEqual({ desired: 3, running: 3 });
    await answerOnSomeHost(app.body.services[0].ports[0].published, "v3");
    const spec = await labEngine(0).inspectService((await db.service.findFirstOrThrow({ where: { appId: r.body.app.id } })).swarmServiceId!);
    expect(spec.spec.TaskTemplate.Resources?.Limits?.MemoryBytes).toBe(64 * 1024 * 1024);
    const del = await A.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
    expect((await waitForJob(A.users.member.api, del.body.jobId)).status).toBe("succeeded");
  });
});

describe("policy and failures", () => {
  it("refuses privileged, a bind of /, SYS_ADMIN and host networking with 422 POLICY naming each key path; nothing is created", async () => {
    const before = [await db.app.count(), (await labEngine(0).listServices()).length];
    const compose = `
services:
  web:
    image: lab/busybox:latest
    privileged: true
    cap_add: [SYS_ADMIN]
    network_mode: host
    volumes:
      - /:/host
`;
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "evil", compose });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe("POLICY");
    const paths = r.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["services.web.privileged", "services.web.network_mode"]));
    expect(paths.some((p: string) => p.startsWith("services.web.cap_add"))).toBe(true);
    expect(paths.some((p: string) => p.startsWith("services.web.volumes"))).toBe(true);
    expect([await db.app.count(), (await labEngine(0).listServices()).length]).toEqual(before);
  });

  it("a deploy of a missing image fails with the reason and leaves no labelled object (T24)", async () => {
    const r = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "missing", compose: "services:\n  x:\n    image: lab/nope:1\n" });
    expect(r.status).toBe(202);
    const job = await waitForJob(A.users.member.api, r.body.jobId);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/image|nope/i);
    const revs = await A.users.viewer.api.get(`/api/v1/apps/${r.body.app.id}/revisions`);
    expect(revs.body.items[0]).toMatchObject({ number: 1, status: "failed" });
    expect(await engineServicesOfApp(r.body.app.id)).toBe(0);
    const del = await A.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
    expect((await waitForJob(A.users.member.api, del.body.jobId)).status).toBe("succeeded");
  });

  it("parallel deploys asking for auto ports get distinct leases; an explicit taken port is a clean 409 (T25)", async () => {
    const n = 8;
    const rs = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        A.users.member.api.post(`/api/v1/environments/${envId}/apps`, {
          name: `par-${i}`,
          compose: "services:\n  s:\n    image: lab/busybox:latest\n    command: sleep 1d\n    ports: ['80']\n",
        }),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(n).fill(202));
    const ports = rs.map((r) => r.body.app.services[0].ports[0].published);
    expect(new Set(ports).size).toBe(n);
    const taken = ports[0];
    const clash = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, {
      name: "clash",
      compose: `services:\n  s:\n    image: lab/busybox:latest\n    ports: ['${taken}:80']\n`,
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain(String(taken));
    for (const r of rs) expect((await waitForJob(A.users.member.api, r.body.jobId)).status).toBe("succeeded");
    for (const r of rs) {
      const d = await A.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
      expect((await waitForJob(A.users.member.api, d.body.jobId)).status).toBe("succeeded");
    }
    expect(await db.portLease.count({ where: { environmentId: envId } })).toBe(0);
  });
});
