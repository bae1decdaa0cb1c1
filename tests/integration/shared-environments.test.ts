// Issue 16 acceptance on the lab: a shared environment (platform-owned, two lab hosts) used by
// tenants A and B; the T1 sweep inside it (T34); no network path from B's container to A's service
// by name or task IP; quotas (refusal naming the quota, nothing changed on the engine; 20 concurrent
// scales never exceed it together, T32); usage figures that match the stats samples; prices; CSV.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ApiClient, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, eventually, labEngine, leaveAllSwarms, requireCleanLab } from "../support/lab";
import { terminal } from "./containers-world";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
const INTERVAL_MS = Number(process.env.CAAS_STATS_INTERVAL_MS || 2000); // scripts/test-server.mjs
let admin: ApiClient;
let A: TenantWorld;
let B: TenantWorld;
let C: TenantWorld; // a tenant the environment is not opened to
let envId: string;
const hostIds: string[] = [];
const apps: { id: string; api: ApiClient }[] = [];

const SERVER = `
services:
  web:
    image: lab/busybox:latest
    command: sh -c "echo tenant-a-page > /var/www/index.html && exec httpd -f -p 8080 -h /var/www"
    deploy:
      resources: { limits: { cpus: "0.5", memory: 32M } }
`;
const CLIENT = `
services:
  probe:
    image: lab/busybox:latest
    command: sh -c "sleep 100000"
    deploy:
      resources: { limits: { cpus: "0.25", memory: 16M } }
`;
const MANY = `
services:
${["s1", "s2", "s3", "s4"].map((s) => `  ${s}:\n    image: lab/busybox:latest\n    command: sh -c "sleep 100000"\n    deploy:\n      resources: { limits: { cpus: "0.1", memory: 16M } }\n`).join("")}`;

async function deploy(api: ApiClient, name: string, compose: string) {
  const r = await api.post(`/api/v1/environments/${envId}/apps`, { name, compose });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  apps.push({ id: r.body.app.id, api });
  const job = await waitForJob(api, r.body.jobId, 180_000);
  expect(job.status, job.error).toBe("succeeded");
  return (await api.get(`/api/v1/apps/${r.body.app.id}`)).body;
}

async function runningContainer(serviceId: string) {
  const c = await eventually(
    "a running container",
    () => db.container.findFirst({ where: { serviceId, state: "running", engineId: { not: null }, hostId: { not: null } } }),
    120_000,
  );
  const host = await db.host.findUniqueOrThrow({ where: { id: c.hostId! } });
  return { ...c, hostIndex: LAB_HOSTS.findIndex((h) => h.endpoint === host.endpoint) };
}

async function engineService(swarmServiceId: string) {
  const r = await fetch(`http://${LAB_HOSTS[0].ip}:2375/services/${swarmServiceId}`);
  return (await r.json()) as { Spec: { Mode: { Replicated?: { Replicas: number } }; TaskTemplate: Record<string, any> } };
}

async function exec(c: { hostIndex: number; engineId: string | null }, script: string) {
  return (await labEngine(c.hostIndex).containerExec(c.engineId!, { cmd: ["sh", "-c", script] })).collect();
}

let aWeb: { appId: string; serviceId: string; swarmServiceId: string };
let bProbe: { appId: string; serviceId: string };

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  A = await buildTenant(baseUrl, admin, "shared-a");
  B = await buildTenant(baseUrl, admin, "shared-b");
  C = await buildTenant(baseUrl, admin, "shared-c");
}, 120_000);

afterAll(async () => {
  for (const a of apps) {
    const d = await admin.delete(`/api/v1/apps/${a.id}`).catch(() => null);
    if (d?.status === 202) await waitForJob(admin, d.body.jobId, 120_000).catch(() => undefined);
  }
  for (const id of hostIds.reverse()) {
    const r = await admin.delete(`/api/v1/hosts/${id}`).catch(() => null);
    if (r?.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
}, 400_000);

describe("a shared environment", () => {
  it("only admins create one; it has no tenant; omitted tenantIds would open it to all", async () => {
    const mine = await A.users.owner.api.post("/api/v1/environments", { name: "mine", shared: true });
    expect(mine.status).toBe(403);
    const bad = await admin.post("/api/v1/environments", { name: "bad", shared: true, tenantId: A.id });
    expect(bad.status).toBe(400);
    const r = await admin.post("/api/v1/environments", { name: "shared-lab", shared: true, tenantIds: [A.id, B.id], portRange: { from: 30200, to: 30299 } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ shared: true, tenantId: null, openTo: expect.arrayContaining([A.id, B.id]) });
    envId = r.body.id;
    expect((await db.environment.findUniqueOrThrow({ where: { id: envId } })).tenantId).toBeNull();
    // admins cannot loosen the policy there: no bind allow-list in a shared environment
    const bind = await admin.patch(`/api/v1/environments/${envId}`, { bindAllowList: ["/srv"] });
    expect(bind.status).toBe(400);
  });

  it("is listed for the tenants it is opened to, as theirs to use, and not for others", async () => {
    const a = await A.users.viewer.api.get("/api/v1/environments");
    expect(a.body.items.find((e: { id: string }) => e.id === envId)).toMatchObject({ shared: true, tenantId: A.id, bindAllowList: [] });
    expect(JSON.stringify(a.body)).not.toContain(B.id);
    expect((await C.users.owner.api.get("/api/v1/environments")).body.items.find((e: { id: string }) => e.id === envId)).toBeUndefined();
    expect((await C.users.owner.api.get(`/api/v1/environments/${envId}`)).status).toBe(404);
    expect((await C.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "x", compose: CLIENT })).status).toBe(404);
  });

  it("admins add the hosts; tenants may not, and see host names only", { timeout: 200_000 }, async () => {
    expect((await A.users.owner.api.post(`/api/v1/environments/${envId}/hosts`, { name: "x", endpoint: LAB_HOSTS[0].endpoint })).status).toBe(403);
    for (const h of LAB_HOSTS.slice(0, 2)) {
      const r = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: h.name, endpoint: h.endpoint });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      hostIds.push(r.body.id);
    }
    const seen = await A.users.viewer.api.get(`/api/v1/environments/${envId}/hosts`);
    expect(seen.body.items.map((h: { name: string }) => h.name)).toEqual(["lab1", "lab2"]);
    expect(JSON.stringify(seen.body)).not.toMatch(/10\.77\.0\.|tcp:\/\//);
    expect(seen.body.items[0].resources).toEqual({ cpus: null, memoryBytes: null, os: null });
    expect((await A.users.owner.api.delete(`/api/v1/hosts/${hostIds[0]}`)).status).toBe(404);
    expect((await A.users.owner.api.patch(`/api/v1/environments/${envId}`, { description: "mine" })).status).toBe(403);
    expect((await A.users.owner.api.delete(`/api/v1/environments/${envId}`)).status).toBe(403);
  });

  it("tenants with no hosts of their own deploy; app names do not collide across tenants", { timeout: 400_000 }, async () => {
    await admin.put(`/api/v1/tenants/${A.id}/quota`, { cpus: 1 });
    const a = await deploy(A.users.member.api, "web", SERVER);
    const svc = a.services[0];
    aWeb = { appId: a.id, serviceId: svc.id, swarmServiceId: (await db.service.findUniqueOrThrow({ where: { id: svc.id } })).swarmServiceId! };
    const b = await deploy(B.users.member.api, "web", CLIENT);
    bProbe = { appId: b.id, serviceId: b.services[0].id };
    expect(a.environmentId).toBe(envId);
    expect(b.environmentId).toBe(envId);
    expect(a.id).not.toBe(b.id);
    expect((await db.app.findUniqueOrThrow({ where: { id: a.id } })).tenantId).toBe(A.id);
    expect((await db.app.findUniqueOrThrow({ where: { id: b.id } })).tenantId).toBe(B.id);
  });

  it("reserves each service's limits and spreads its replicas over the hosts", async () => {
    const s = await engineService(aWeb.swarmServiceId);
    expect(s.Spec.TaskTemplate.Resources.Reservations).toMatchObject({ NanoCPUs: 500_000_000, MemoryBytes: 32 * 1024 * 1024 });
    expect(s.Spec.TaskTemplate.Placement.Preferences).toContainEqual({ Spread: { SpreadDescriptor: "node.id" } });
    const nets = s.Spec.TaskTemplate.Networks as { Target: string }[];
    expect(nets).toHaveLength(1);
    const net = await (await fetch(`http://${LAB_HOSTS[0].ip}:2375/networks/${nets[0].Target}`)).json();
    expect(net.Name).toBe(`caas-${aWeb.appId}`);
    // B's service is on its own app network only, never on A's
    const bSvc = await engineService((await db.service.findUniqueOrThrow({ where: { id: bProbe.serviceId } })).swarmServiceId!);
    const bNets = (bSvc.Spec.TaskTemplate.Networks as { Target: string }[]).map((n) => n.Target);
    expect(bNets).toHaveLength(1);
    expect(bNets).not.toContain(nets[0].Target);
    expect(bNets).not.toContain(net.Id);
  });
});

describe("isolation between the tenants of a shared environment (T34)", () => {
  it("B's container reaches A's service neither by name nor by task IP; A's own app does", { timeout: 200_000 }, async () => {
    const a = await runningContainer(aWeb.serviceId);
    const b = await runningContainer(bProbe.serviceId);
    const inspect = await (await fetch(`http://${LAB_HOSTS[a.hostIndex].ip}:2375/containers/${a.engineId}/json`)).json();
    const ips = Object.values(inspect.NetworkSettings.Networks as Record<string, { IPAddress: string }>)
      .map((n) => n.IPAddress)
      .filter(Boolean);
    expect(ips.length).toBeGreaterThan(0);
    const own = await eventually("A's app answers itself by name", async () => {
      const r = await exec(a, "timeout 5 wget -qO- http://web:8080/");
      return r.stdout.includes("tenant-a-page") ? r : null;
    });
    expect(own.stdout).toContain("tenant-a-page");
    expect((await exec(a, `timeout 5 wget -qO- http://${ips[0]}:8080/`)).stdout).toContain("tenant-a-page");
    const engineName = `caas-${aWeb.appId}-web`;
    for (const target of ["web", engineName, ...ips]) {
      const r = await exec(b, `timeout 5 wget -qO- -T 3 http://${target}:8080/ ; echo "exit=$?"`);
      expect(r.stdout, target).not.toContain("tenant-a-page");
      expect(r.stdout, target).not.toContain("exit=0");
    }
  });

  it("T1 sweep: B's owner, member, viewer and anonymous cannot list, read, exec into, scale or delete A's objects", { timeout: 200_000 }, async () => {
    const aContainer = await runningContainer(aWeb.serviceId);
    const before = {
      replicas: (await engineService(aWeb.swarmServiceId)).Spec.Mode.Replicated?.Replicas,
      app: await db.app.findUniqueOrThrow({ where: { id: aWeb.appId } }),
    };
    const reads = [
      `/api/v1/apps/${aWeb.appId}`,
      `/api/v1/apps/${aWeb.appId}/revisions`,
      `/api/v1/apps/${aWeb.appId}/compose`,
      `/api/v1/services/${aWeb.serviceId}`,
      `/api/v1/services/${aWeb.serviceId}/containers`,
      `/api/v1/services/${aWeb.serviceId}/events`,
      `/api/v1/services/${aWeb.serviceId}/logs`,
      `/api/v1/services/${aWeb.serviceId}/stats`,
      `/api/v1/containers/${aContainer.id}`,
      `/api/v1/containers/${aContainer.id}/logs`,
      `/api/v1/containers/${aContainer.id}/stats`,
      `/api/v1/containers/${aContainer.id}/files?path=/etc/hostname`,
      `/api/v1/tenants/${A.id}/quota`,
      `/api/v1/usage?tenantId=${A.id}`,
    ];
    const writes: [string, string, unknown?][] = [
      ["POST", `/api/v1/services/${aWeb.serviceId}/scale`, { replicas: 2 }],
      ["PUT", `/api/v1/apps/${aWeb.appId}/compose`, { compose: CLIENT }],
      ["POST", `/api/v1/apps/${aWeb.appId}/rollback`, { revision: 1 }],
      ["POST", `/api/v1/apps/${aWeb.appId}/stop`, {}],
      ["POST", `/api/v1/apps/${aWeb.appId}/start`, {}],
      ["DELETE", `/api/v1/apps/${aWeb.appId}`],
      ["POST", `/api/v1/containers/${aContainer.id}/commit`, { repository: "x" }],
    ];
    for (const who of ["owner", "member", "viewer"] as const) {
      const api = B.users[who].api;
      for (const p of reads) {
        const r = await api.get(p);
        expect(r.status, `${who} GET ${p}`).toBe(404);
        expect(JSON.stringify(r.body), p).not.toContain(aWeb.appId);
      }
      for (const [m, p, body] of writes) expect((await api.request(m, p, body)).status, `${who} ${m} ${p}`).toBe(404);
      // lists inside the shared environment show B's own objects only
      for (const p of [`/api/v1/environments/${envId}/apps`, `/api/v1/apps?environmentId=${envId}`, `/api/v1/apps`, `/api/v1/environments/${envId}/ports`]) {
        const r = await api.get(p);
        expect(r.status, p).toBe(200);
        expect(JSON.stringify(r.body), `${who} ${p}`).not.toContain(aWeb.appId);
      }
      const env = await api.get(`/api/v1/environments/${envId}`);
      expect(env.body).toMatchObject({ tenantId: B.id, appCount: 1 });
      const totals = await api.get(`/api/v1/environments/${envId}/host-stats`);
      expect(totals.status).toBe(200);
      expect(totals.body.items.reduce((n: number, h: { containers: number }) => n + h.containers, 0)).toBe(1);
    }
    const anon = new ApiClient(baseUrl);
    for (const p of reads) expect((await anon.get(p)).status, `anonymous ${p}`).toBe(401);
    // exec: the terminal socket refuses B's member for A's container before any exec
    const t = terminal(baseUrl, { token: B.users.member.api.auth.token }, { containerId: aContainer.id });
    expect((await t.failure).code).toBe("NOT_FOUND");
    t.socket.close();
    // nothing changed: engine replicas, the app row
    expect((await engineService(aWeb.swarmServiceId)).Spec.Mode.Replicated?.Replicas).toBe(before.replicas);
    expect(await db.app.findUniqueOrThrow({ where: { id: aWeb.appId } })).toEqual(before.app);
  });
});

describe("quotas (T32)", () => {
  it("scale to 2 fits a 1-CPU quota; to 3 is refused naming the CPU quota, 1.0 used, 0.5 requested, 1.0 limit; the engine is unchanged", async () => {
    const ok = await A.users.member.api.post(`/api/v1/services/${aWeb.serviceId}/scale`, { replicas: 2 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const q = await A.users.viewer.api.get(`/api/v1/tenants/${A.id}/quota`);
    expect(q.body).toMatchObject({ limits: { cpus: 1 }, used: { cpus: 1, services: 1, replicas: 2 } });
    const refused = await A.users.member.api.post(`/api/v1/services/${aWeb.serviceId}/scale`, { replicas: 3 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/CPU quota/);
    expect(refused.body.error.message).toContain("1.0 CPUs used, 0.5 CPUs requested, 1.0 CPUs limit");
    expect(refused.body.error.details[0]).toMatchObject({ path: "quota.cpus", params: { quota: "cpus", used: 1, requested: 0.5, limit: 1 } });
    expect((await engineService(aWeb.swarmServiceId)).Spec.Mode.Replicated?.Replicas).toBe(2);
    expect((await db.service.findUniqueOrThrow({ where: { id: aWeb.serviceId } })).desiredReplicas).toBe(2);
    // a deploy beyond it is refused before anything is written
    const count = await db.app.count({ where: { tenantId: A.id } });
    const more = await A.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "more", compose: CLIENT });
    expect(more.status).toBe(409);
    expect(await db.app.count({ where: { tenantId: A.id } })).toBe(count);
  });

  it("20 concurrent scale requests cannot exceed the quota together", { timeout: 300_000 }, async () => {
    expect((await A.users.member.api.post(`/api/v1/services/${aWeb.serviceId}/scale`, { replicas: 1 })).status).toBe(200);
    const many = await deploy(A.users.member.api, "many", MANY); // 0.5 + 4 × 0.1 = 0.9 of 1.0
    const ids: string[] = many.services.map((s: { id: string }) => s.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => A.users.member.api.post(`/api/v1/services/${ids[i % 4]}/scale`, { replicas: 2 + Math.floor(i / 4) })),
    );
    expect(answers.filter((r) => r.status === 409).length).toBeGreaterThan(0);
    expect(answers.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const rows = await db.service.findMany({ where: { id: { in: ids } } });
    const desiredCpus = 0.5 + rows.reduce((n, s) => n + 0.1 * s.desiredReplicas, 0);
    expect(desiredCpus).toBeLessThanOrEqual(1.0 + 1e-9);
    let engineCpus = 0.5;
    for (const s of rows) engineCpus += 0.1 * ((await engineService(s.swarmServiceId!)).Spec.Mode.Replicated?.Replicas ?? 0);
    expect(engineCpus).toBeLessThanOrEqual(1.0 + 1e-9);
    const q = await A.users.viewer.api.get(`/api/v1/tenants/${A.id}/quota`);
    expect(q.body.used.cpus).toBeLessThanOrEqual(1);
  });

  it("only admins set quotas", async () => {
    expect((await A.users.owner.api.put(`/api/v1/tenants/${A.id}/quota`, { cpus: 100 })).status).toBe(403);
    expect((await B.users.owner.api.put(`/api/v1/tenants/${A.id}/quota`, { cpus: 100 })).status).toBe(403);
    expect((await A.users.owner.api.put("/api/v1/quota-defaults", { cpus: 100 })).status).toBe(403);
    expect((await A.users.owner.api.put("/api/v1/prices", { items: [{ kind: "shared", cpuHour: 0, memoryGbHour: 0 }] })).status).toBe(403);
  });
});

describe("usage and cost", () => {
  it("GET /usage matches the stats samples computed here, cost follows the price table, CSV exports", { timeout: 400_000 }, async () => {
    const prices = await admin.put("/api/v1/prices", {
      items: [
        { kind: "shared", cpuHour: 0.4, memoryGbHour: 0.05, currency: "CNY" },
        { kind: "dedicated", cpuHour: 1, memoryGbHour: 1 },
      ],
    });
    expect(prices.status, JSON.stringify(prices.body)).toBe(200);
    // let the apps run: samples every INTERVAL_MS become usage
    await eventually(
      "two minutes of samples",
      async () => {
        const first = await db.statSample.findFirst({ where: { tenantId: A.id }, orderBy: { at: "asc" } });
        return first !== null && Date.now() - first.at.getTime() >= 120_000;
      },
      300_000,
      2_000,
    );
    // read samples and usage until no round lands between the two reads
    const snap = await eventually("a stable read", async () => {
      const u1 = await A.users.owner.api.get(`/api/v1/usage?tenantId=${A.id}&groupBy=app`);
      const samples = await db.statSample.findMany({ where: { tenantId: A.id } });
      const u2 = await A.users.owner.api.get(`/api/v1/usage?tenantId=${A.id}&groupBy=app`);
      return u1.body.totals.samples === u2.body.totals.samples && u1.body.totals.samples === samples.length ? { usage: u2.body, samples } : null;
    });
    const h = INTERVAL_MS / 3_600_000;
    const cpu = snap.samples.reduce((n, s) => n + (s.cpuPercent / 100) * h, 0);
    const mem = snap.samples.reduce((n, s) => n + (Number(s.memoryBytes) / 1024 ** 3) * h, 0);
    expect(snap.usage.totals.cpuHoursUsed).toBeCloseTo(cpu, 5);
    expect(snap.usage.totals.memGbHoursUsed).toBeCloseTo(mem, 5);
    expect(snap.usage.totals.memGbHoursUsed).toBeGreaterThan(0);
    // reserved: each sample of a container counts its service's limits (web 0.5, many 0.1)
    const containers = await db.container.findMany({ where: { tenantId: A.id }, include: { service: true } });
    const limitOf = new Map(containers.map((c) => [c.id, c.service.appId === aWeb.appId ? 0.5 : 0.1]));
    const known = snap.samples.filter((s) => limitOf.has(s.containerId));
    const web = snap.usage.items.find((i: { key: string }) => i.key === aWeb.appId);
    expect(web).toBeDefined();
    const webSamples = known.filter((s) => limitOf.get(s.containerId) === 0.5).length;
    expect(web.cpuHoursReserved).toBeGreaterThanOrEqual(webSamples * 0.5 * h - 1e-6);
    // cost = reserved CPU-hours × 0.4 + reserved GB-hours × 0.05 (shared prices)
    for (const i of snap.usage.items) expect(i.cost).toBeCloseTo(i.cpuHoursReserved * 0.4 + i.memGbHoursReserved * 0.05, 5);
    expect(snap.usage.currency).toBe("CNY");
    // B's usage holds none of A's apps
    const b = await B.users.owner.api.get(`/api/v1/usage?tenantId=${B.id}&groupBy=app`);
    expect(b.status).toBe(200);
    expect(JSON.stringify(b.body)).not.toContain(aWeb.appId);
    // CSV
    const csv = await A.users.owner.api.request("GET", `/api/v1/usage?tenantId=${A.id}&groupBy=app`, undefined, { accept: "text/csv" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe(
      "tenant,group,name,cpu_hours_used,cpu_hours_reserved,memory_gb_hours_used,memory_gb_hours_reserved,net_rx_bytes,net_tx_bytes,block_read_bytes,block_write_bytes,cost,currency",
    );
    expect(lines.length).toBe(1 + snap.usage.items.length);
    expect(lines.some((l) => l.includes(aWeb.appId) && l.endsWith(",CNY"))).toBe(true);
  });
});
