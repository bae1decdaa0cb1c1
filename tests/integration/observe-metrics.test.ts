// Issue 19: metrics export and log shipping against real receivers. A real Prometheus (Debian's
// server, scripts/test-servers/observe.mjs) scrapes the portal's /metrics and a tenant's
// /api/v1/metrics, and PromQL over its HTTP API finds a deployed lab service's memory and replica
// counts; another tenant's token gets nothing of it. A real rsyslogd on the lab side of 10.77.0.1
// receives the service's stdout with the tenant/app/service tag. Plus the T1/T4 rows of every
// new endpoint (metrics, alert rules, alerts, notifications, logging target, mail settings).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient, sessionCookie, tokenClient, waitForJob } from "../support/api-client";
import { buildTenant, type TenantWorld } from "../support/world";
import { LAB_HOSTS, eventually, leaveAllSwarms, requireCleanLab } from "../support/lab";
import { startPrometheus, startSyslogReceiver } from "../../scripts/test-servers/observe.mjs";

const baseUrl = inject("baseUrl");
const adminCreds = inject("admin");
let admin: ApiClient;
let T: TenantWorld;
let U: TenantWorld;
let envId: string;
let hostId: string;
let appId: string;
let prom: Awaited<ReturnType<typeof startPrometheus>> | undefined;
let syslog: Awaited<ReturnType<typeof startSyslogReceiver>> | undefined;

const COMPOSE = [
  "services:",
  "  web:",
  "    image: lab/busybox:latest",
  '    command: ["sh", "-c", "while true; do echo observe-marker-line; sleep 1; done"]',
  "    deploy:",
  "      replicas: 2",
  "      resources:",
  "        limits:",
  "          memory: 64M",
  "",
].join("\n");

beforeAll(async () => {
  await requireCleanLab();
  admin = await tokenClient(baseUrl, adminCreds.email, adminCreds.password);
  T = await buildTenant(baseUrl, admin, "obs");
  U = await buildTenant(baseUrl, admin, "obsu");
  envId = (await T.users.owner.api.post("/api/v1/environments", { tenantId: T.id, name: "obs", portRange: { from: 30200, to: 30209 } })).body.id;
  const h = await admin.post(`/api/v1/environments/${envId}/hosts`, { name: LAB_HOSTS[0].name, endpoint: LAB_HOSTS[0].endpoint });
  expect(h.status, JSON.stringify(h.body)).toBe(201);
  hostId = h.body.id;
  syslog = await startSyslogReceiver({ host: "10.77.0.1" });
  const set = await admin.put(`/api/v1/environments/${envId}/logging`, { driver: "syslog", address: "10.77.0.1", port: syslog.port, protocol: "tcp" });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "obsweb", compose: COMPOSE });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect((await waitForJob(T.users.member.api, r.body.jobId)).status).toBe("succeeded");
  appId = r.body.app.id;
});

afterAll(async () => {
  await prom?.stop();
  if (appId) {
    const del = await T.users.member.api.delete(`/api/v1/apps/${appId}`);
    if (del.status === 202) await waitForJob(T.users.member.api, del.body.jobId).catch(() => undefined);
  }
  await syslog?.stop();
  if (hostId) {
    const r = await admin.delete(`/api/v1/hosts/${hostId}`);
    if (r.status === 202) await waitForJob(admin, r.body.jobId, 120_000).catch(() => undefined);
  }
  await leaveAllSwarms();
});

describe("metrics export (Prometheus)", () => {
  it("a real Prometheus scrapes /metrics and the tenant endpoint; PromQL finds the service's memory and replicas", async () => {
    const port = new URL(baseUrl).port;
    prom = await startPrometheus({
      scrapeConfigs: [
        { job: "portal", path: "/metrics", target: `127.0.0.1:${port}`, token: admin.auth.token },
        { job: "tenant", path: "/api/v1/metrics", params: { tenantId: T.id }, target: `127.0.0.1:${port}`, token: T.users.owner.api.auth.token },
        // another tenant's owner asking for T's metrics: refused, nothing stored
        { job: "foreign", path: "/api/v1/metrics", params: { tenantId: T.id }, target: `127.0.0.1:${port}`, token: U.users.owner.api.auth.token },
        // another tenant's owner scraping its own tenants: nothing of T
        { job: "foreign_own", path: "/api/v1/metrics", target: `127.0.0.1:${port}`, token: U.users.owner.api.auth.token },
      ],
    });
    const sel = `tenant="${T.slug}",app="obsweb",service="web"`;
    const running = await eventually(
      "replicas in Prometheus",
      async () => {
        const r = await prom!.query(`caas_service_replicas_running{job="tenant",${sel}}`);
        return r.length === 1 && r[0].value[1] === "2" ? r : null;
      },
      60_000,
      1000,
    );
    expect(running[0].metric).toMatchObject({ tenant: T.slug, app: "obsweb", service: "web", environment: "obs" });
    expect((await prom.query(`caas_service_replicas_desired{job="tenant",${sel}}`))[0].value[1]).toBe("2");
    const memory = await eventually(
      "memory per container in Prometheus",
      async () => {
        const r = await prom!.query(`caas_container_memory_bytes{job="tenant",${sel}}`);
        return r.length === 2 && r.every((x) => Number(x.value[1]) > 0) ? r : null;
      },
      60_000,
      1000,
    );
    // bounded labels: the task slot, never a container id
    expect(memory.map((m) => Object.keys(m.metric).sort())[0]).toEqual(
      ["__name__", "app", "environment", "instance", "job", "service", "slot", "tenant"].sort(),
    );
    const limit = await prom.query(`caas_container_memory_limit_bytes{job="tenant",${sel}}`);
    expect(Number(limit[0].value[1])).toBe(64 * 1024 * 1024);
    expect(Number((await prom.query(`sum(caas_service_memory_bytes{job="tenant",${sel}})`))[0].value[1])).toBeGreaterThan(0);

    // the portal's own metrics
    const portalUp = await eventually("portal target up", async () => {
      const r = await prom!.query(`up{job="portal"}`);
      return r.length === 1 && r[0].value[1] === "1" ? r : null;
    });
    expect(portalUp).toHaveLength(1);
    expect((await prom.query(`caas_http_requests_total{job="portal",path="api"}`)).length).toBeGreaterThan(0);
    expect((await prom.query(`caas_jobs{job="portal",kind="app.deploy",status="succeeded"}`)).length).toBe(1);
    expect((await prom.query(`caas_portal_process_resident_memory_bytes{job="portal"}`)).length).toBe(1);

    // another tenant's token: the scrape is refused and nothing of T is stored under any job
    // (a target is "unknown" until its first scrape, which under load can come after the others)
    const foreign = await eventually("foreign target scraped", async () => {
      const t = (await prom!.targets()).find((x) => x.labels.job === "foreign");
      return t && t.health !== "unknown" ? t : null;
    });
    expect(foreign.health).toBe("down");
    expect(foreign.lastError).toMatch(/404/);
    await eventually("foreign_own scraped", async () => (await prom!.query(`up{job="foreign_own"}`))[0]?.value[1] === "1");
    expect(await prom.query(`{job=~"foreign.*",tenant="${T.slug}"}`)).toEqual([]);
    expect(await prom.query(`{job=~"foreign.*",app="obsweb"}`)).toEqual([]);
  });

  it("T1/T4: who may read which metrics", async () => {
    const text = async (api: ApiClient, p: string) => api.get(p);
    expect((await text(T.users.owner.api, `/api/v1/metrics?tenantId=${T.id}`)).status).toBe(200);
    expect((await text(admin, `/api/v1/metrics?tenantId=${T.id}`)).body).toContain(`tenant="${T.slug}"`);
    expect((await text(admin, `/api/v1/metrics`)).body).toContain(`tenant="${T.slug}"`);
    for (const role of ["member", "viewer"] as const) expect((await T.users[role].api.get(`/api/v1/metrics?tenantId=${T.id}`)).status).toBe(403);
    for (const role of ["owner", "member", "viewer"] as const) {
      const r = await U.users[role].api.get(`/api/v1/metrics?tenantId=${T.id}`);
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain(T.slug);
      const own = await U.users[role].api.get(`/api/v1/metrics`);
      expect(own.status).toBe(200);
      expect(String(own.body)).not.toContain(T.slug);
      expect(String(own.body)).not.toContain("obsweb");
    }
    expect((await new ApiClient(baseUrl).get(`/api/v1/metrics?tenantId=${T.id}`)).status).toBe(401);
    expect((await new ApiClient(baseUrl).get(`/metrics`)).status).toBe(401);
    for (const role of ["owner", "member", "viewer"] as const) expect((await T.users[role].api.get(`/metrics`)).status).toBe(403);
    const own = await admin.get("/metrics");
    expect(own.status).toBe(200);
    expect(own.headers.get("content-type")).toContain("text/plain");
    expect(String(own.body)).toContain("caas_http_requests_total");
  });
});

describe("log shipping (syslog)", () => {
  it("the service's stdout reaches a real rsyslogd with the tenant/app/service tag within seconds", async () => {
    const tag = `${T.slug}/obsweb/web`;
    const line = await eventually(
      "tagged line at the syslog receiver",
      async () => syslog!.lines().find((l) => l.startsWith(`${tag}|`) && l.includes("observe-marker-line")),
      20_000,
      250,
    );
    expect(line).toContain("observe-marker-line");
    // the logging target is the platform's: tenants cannot change or remove it
    for (const role of ["owner", "member", "viewer"] as const) {
      expect(
        (await T.users[role].api.put(`/api/v1/environments/${envId}/logging`, { driver: "syslog", address: "10.77.0.1", port: 1, protocol: "udp" })).status,
      ).toBe(403);
      expect((await T.users[role].api.delete(`/api/v1/environments/${envId}/logging`)).status).toBe(403);
      expect((await T.users[role].api.get(`/api/v1/environments/${envId}/logging`)).body.target).toMatchObject({ driver: "syslog", port: syslog!.port });
      expect((await U.users[role].api.get(`/api/v1/environments/${envId}/logging`)).status).toBe(404);
      expect((await U.users[role].api.put(`/api/v1/environments/${envId}/logging`, { driver: "gelf", address: "10.77.0.1", port: 1 })).status).toBe(404);
    }
    expect((await new ApiClient(baseUrl).get(`/api/v1/environments/${envId}/logging`)).status).toBe(401);
    // a compose file's own logging: is replaced by the environment's target
    const svc = (await T.users.viewer.api.get(`/api/v1/apps/${appId}`)).body.services[0];
    const containers = (await T.users.viewer.api.get(`/api/v1/services/${svc.id}/containers`)).body.items;
    // the engine still keeps a local copy (dual logging): the portal's log view works
    const logs = await T.users.viewer.api.get(`/api/v1/containers/${containers[0].id}/logs?tail=5`);
    expect(logs.status).toBe(200);
    expect(String(logs.body)).toContain("observe-marker-line");
  });
});

describe("alerts API: T1/T4 rows", () => {
  it("rules, alerts and notifications stay inside their tenant; only owners manage rules; mail settings are the admin's", async () => {
    const rule = await T.users.owner.api.post("/api/v1/alert-rules", { tenantId: T.id, name: "low", kind: "replicas_below_desired", environmentId: envId });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body.webhookSecretSet).toBe(false);
    for (const role of ["member", "viewer"] as const) {
      expect((await T.users[role].api.post("/api/v1/alert-rules", { tenantId: T.id, name: "x", kind: "host_down" })).status).toBe(403);
      expect((await T.users[role].api.patch(`/api/v1/alert-rules/${rule.body.id}`, { enabled: false })).status).toBe(403);
      expect((await T.users[role].api.delete(`/api/v1/alert-rules/${rule.body.id}`)).status).toBe(403);
      expect((await T.users[role].api.get(`/api/v1/alert-rules?tenantId=${T.id}`)).body.items.map((r: { id: string }) => r.id)).toContain(rule.body.id);
    }
    for (const role of ["owner", "member", "viewer"] as const) {
      const api = U.users[role].api;
      expect((await api.post("/api/v1/alert-rules", { tenantId: T.id, name: "x", kind: "host_down" })).status).toBe(404);
      expect((await api.patch(`/api/v1/alert-rules/${rule.body.id}`, { silenceMinutes: 5 })).status).toBe(404);
      expect((await api.delete(`/api/v1/alert-rules/${rule.body.id}`)).status).toBe(404);
      for (const p of ["alert-rules", "alerts", "notifications"]) {
        expect((await api.get(`/api/v1/${p}?tenantId=${T.id}`)).status).toBe(404);
        const mine = await api.get(`/api/v1/${p}`);
        expect(mine.status).toBe(200);
        expect(mine.body.items.filter((x: { tenantId: string }) => x.tenantId === T.id)).toEqual([]);
      }
      expect((await api.get("/api/v1/alert-mail-settings")).status).toBe(403);
    }
    // another tenant's scope objects in one's own rule: not found
    expect((await U.users.owner.api.post("/api/v1/alert-rules", { tenantId: U.id, name: "x", kind: "host_down", environmentId: envId })).status).toBe(404);
    expect((await U.users.owner.api.post("/api/v1/alert-rules", { tenantId: U.id, name: "x", kind: "host_down", appId })).status).toBe(404);
    // mass assignment: unknown fields are refused
    const mass = await T.users.owner.api.post("/api/v1/alert-rules", { tenantId: T.id, name: "x", kind: "host_down", webhookSecretEnc: "x", enabled: false });
    expect(mass.status).toBe(400);
    for (const role of ["owner", "member", "viewer"] as const) {
      expect((await T.users[role].api.get("/api/v1/alert-mail-settings")).status).toBe(403);
      expect((await T.users[role].api.put("/api/v1/alert-mail-settings", { host: "127.0.0.1", port: 25, fromAddress: "a@example.test" })).status).toBe(403);
    }
    const anon = new ApiClient(baseUrl);
    for (const p of ["alert-rules", "alerts", "notifications", "alert-mail-settings"]) expect((await anon.get(`/api/v1/${p}`)).status).toBe(401);
    expect((await T.users.owner.api.delete(`/api/v1/alert-rules/${rule.body.id}`)).status).toBe(204);
  });
});

describe("alerts on samples", () => {
  it("CPU above % of the service's limit fires into the notification list, and resolves when the app is gone", async () => {
    const compose =
      'services:\n  cpu:\n    image: lab/busybox:latest\n    command: ["sh", "-c", "yes > /dev/null"]\n    deploy:\n      resources:\n        limits:\n          cpus: "0.1"\n';
    const r = await T.users.member.api.post(`/api/v1/environments/${envId}/apps`, { name: "burn", compose });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect((await waitForJob(T.users.member.api, r.body.jobId)).status).toBe("succeeded");
    const rule = await T.users.owner.api.post("/api/v1/alert-rules", { tenantId: T.id, name: "hot", kind: "cpu_above", threshold: 50, appId: r.body.app.id });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const firing = await eventually(
      "cpu alert firing",
      async () =>
        (await T.users.viewer.api.get(`/api/v1/alerts?tenantId=${T.id}&state=firing`)).body.items.find((a: { ruleId: string }) => a.ruleId === rule.body.id),
      60_000,
      500,
    );
    // ~10 % of one core is ~100 % of a 0.1-core limit
    expect(firing.label).toBe("burn/cpu.1");
    expect(firing.value).toBeGreaterThan(50);
    const notes = (await T.users.viewer.api.get(`/api/v1/notifications?tenantId=${T.id}`)).body.items;
    expect(notes.find((n: { alertId: string }) => n.alertId === firing.id)).toMatchObject({ event: "firing", ruleName: "hot", webhook: null, email: null });
    const del = await T.users.member.api.delete(`/api/v1/apps/${r.body.app.id}`);
    expect((await waitForJob(T.users.member.api, del.body.jobId)).status).toBe("succeeded");
    await eventually(
      "cpu alert resolved",
      async () => (await T.users.viewer.api.get(`/api/v1/alerts?tenantId=${T.id}&state=resolved`)).body.items.some((a: { id: string }) => a.id === firing.id),
      30_000,
    );
    expect((await T.users.owner.api.delete(`/api/v1/alert-rules/${rule.body.id}`)).status).toBe(204);
  });
});

describe("pages (both languages)", () => {
  // six server-rendered pages: on a machine loaded by the other tier's HA suite one page took a minute
  it("alerts, dashboards and the environment's log shipping page render in English and Chinese", { timeout: 300_000 }, async () => {
    const cookie = await sessionCookie(baseUrl, T.users.owner.email, T.users.owner.password);
    const page = async (p: string, lang: string) => {
      const t0 = Date.now();
      const r = await fetch(baseUrl + p, { headers: { cookie, "accept-language": lang }, redirect: "manual" });
      console.log(`[measure] ${p} (${lang}) rendered in ${Date.now() - t0} ms`);
      expect(r.status, p).toBe(200);
      return r.text();
    };
    const cases: [string, string, string[]][] = [
      ["/alerts", "en", ["Alerts", "New rule", "Replicas below desired"]],
      ["/alerts", "zh-CN", ["告警", "新建规则", "副本数低于期望"]],
      [`/dashboards?appId=${appId}&window=15m`, "en", ["Dashboards", "CPU (% of one core)", `data-testid="time-chart" data-unit="percent"`]],
      [`/dashboards?environmentId=${envId}&window=1h`, "zh-CN", ["仪表盘", "内存", `data-testid="time-chart" data-unit="bytes"`]],
      [`/environments/${envId}/logging`, "en", ["Log shipping", "10.77.0.1:" + syslog!.port, "Only platform administrators"]],
      [`/environments/${envId}/logging`, "zh-CN", ["日志转发", "10.77.0.1:" + syslog!.port]],
    ];
    for (const [p, lang, texts] of cases) {
      const html = await page(p, lang);
      for (const text of texts) expect(html, `${p} ${lang}`).toContain(text);
    }
    // another tenant's owner: the environment's page is not found
    const foreign = await sessionCookie(baseUrl, U.users.owner.email, U.users.owner.password);
    const r = await fetch(`${baseUrl}/environments/${envId}/logging`, { headers: { cookie: foreign }, redirect: "manual" });
    expect(await r.text()).not.toContain(String(syslog!.port));
  });
});
