// Issue 19: the tenant metrics text (labels, the container-series cap, the cost for 1,000
// containers), the portal metrics text, and the environment logging target as the services'
// logging driver (replacing a compose file's own `logging:`).
import { describe, expect, it } from "vitest";
import { portalMetricsText, tenantMetricsText, type TenantSnapshot } from "@/lib/metrics";
import { countRequest, pathClass } from "@/lib/metrics/request-counter";
import { engineLogDriver, parseLoggingTarget } from "@/lib/logging";
import { PLATFORM_LIMITS, validatePolicy, type AppSpec, type PolicyContext, type ServiceSpec } from "@/lib/compose";
import { buildServiceSpecs } from "@/lib/orchestrator";

function snapshot(containers: number, perService = 10): TenantSnapshot {
  const services = Math.ceil(containers / perService);
  const s: TenantSnapshot = { services: [], containers: [] };
  for (let i = 0; i < services; i++) {
    const base = { tenant: "acme", environment: "prod", app: `app${Math.floor(i / 5)}`, service: `svc${i}` };
    s.services.push({ ...base, desired: perService, running: perService, restarts: 0 });
    for (let k = 1; k <= perService && s.containers.length < containers; k++) {
      s.containers.push({
        ...base,
        slot: String(k),
        cpuPercent: 1.5,
        memoryBytes: 10_000_000 + k,
        memoryLimit: 64 << 20,
        netRx: 1,
        netTx: 2,
        blkRead: 3,
        blkWrite: 4,
      });
    }
  }
  return s;
}

describe("tenant metrics text", () => {
  it("has per-service and per-slot series with tenant/environment/app/service labels only", async () => {
    const text = await tenantMetricsText(snapshot(2, 2));
    expect(text).toContain('caas_service_replicas_desired{tenant="acme",environment="prod",app="app0",service="svc0"} 2');
    expect(text).toContain('caas_container_memory_bytes{tenant="acme",environment="prod",app="app0",service="svc0",slot="2"} 10000002');
    expect(text).toContain('caas_service_memory_bytes{tenant="acme",environment="prod",app="app0",service="svc0"} 20000003');
    expect(text).toContain("caas_container_memory_limit_bytes");
    expect(text).not.toMatch(/container_id|[0-9a-f]{64}/);
  });

  it("escapes label values a tenant chose", async () => {
    const s = snapshot(1, 1);
    s.services[0].app = 'we"ird\\app';
    s.containers[0].app = 'we"ird\\app';
    expect(await tenantMetricsText(s)).toContain('app="we\\"ird\\\\app"');
  });

  it("past the cap, only per-service sums: the series count stays bounded", async () => {
    const s = snapshot(50, 10);
    const capped = await tenantMetricsText(s, 20);
    expect(capped).not.toContain("caas_container_");
    expect(capped).toContain("caas_service_cpu_percent");
  });

  it("cost of one scrape for 1,000 containers (time and size), reported", async () => {
    const s = snapshot(1000, 10);
    await tenantMetricsText(s); // warm up
    const runs = 10;
    const t0 = performance.now();
    let text = "";
    for (let i = 0; i < runs; i++) text = await tenantMetricsText(s);
    const ms = (performance.now() - t0) / runs;
    const series = text.split("\n").filter((l) => l && !l.startsWith("#")).length;
    console.log(
      `[measure] /api/v1/metrics text for 1000 containers / 100 services: ${ms.toFixed(1)} ms, ${(text.length / 1024).toFixed(0)} KiB, ${series} series`,
    );
    expect(series).toBe(100 * 9 + 1000 * 7);
    expect(ms).toBeLessThan(1000);
  });
});

describe("portal metrics text", () => {
  it("counts requests by bounded path class and reports jobs, deploys, terminals, roles", async () => {
    expect(pathClass("/api/v1/apps/x")).toBe("api");
    expect(pathClass("/api/registry/token?scope=x")).toBe("registry_token");
    expect(pathClass("/apps/abc/def")).toBe("page");
    countRequest("GET", "/api/registry/token?x", 200);
    countRequest("BREW", "/api/v1/me", 418);
    const text = await portalMetricsText(
      {
        jobs: [{ kind: "app.deploy", status: "succeeded", count: 3 }],
        recentJobs: [{ kind: "app.deploy", status: "succeeded", seconds: 4 }],
        revisions: [{ status: "failed", count: 1 }],
        openTerminals: 2,
        roles: ["alerts"],
      },
      false,
    );
    expect(text).toContain('caas_http_requests_total{path="api",method="OTHER",status="4xx"} 1');
    expect(text).toMatch(/caas_registry_token_grants_total [1-9]/);
    expect(text).toContain('caas_jobs{kind="app.deploy",status="succeeded"} 3');
    expect(text).toContain('caas_job_duration_seconds_bucket{le="5",kind="app.deploy",status="succeeded"} 1');
    expect(text).toContain('caas_deploys{status="failed"} 1');
    expect(text).toContain("caas_terminal_sessions_open 2");
    expect(text).toContain('caas_leader_role{role="alerts"} 1');
  });
});

describe("environment logging target", () => {
  const svc = (p: Partial<ServiceSpec> = {}): ServiceSpec => ({
    name: "web",
    image: "lab/busybox:latest",
    environment: {},
    labels: {},
    replicas: 1,
    ports: [],
    mounts: [],
    links: [],
    dependsOn: [],
    resources: { cpus: 0.5, memoryBytes: 64 << 20 },
    restart: { condition: "any" },
    update: {},
    privileged: false,
    capAdd: [],
    capDrop: [],
    devices: [],
    securityOpt: [],
    sysctls: {},
    secrets: [],
    configs: [],
    refused: [],
    ...p,
  });
  const app = (s: ServiceSpec): AppSpec => ({ services: [s], volumes: [], secrets: [], configs: [], refused: [], warnings: [] });
  const policy: PolicyContext = {
    bindAllowList: [],
    portRange: { from: 30000, to: 30100 },
    limits: PLATFORM_LIMITS,
    publishing: { endpointMode: "dnsrr", publishMode: "host" },
  };
  const ctx = { appId: "app123", appName: "shop", tenantId: "ten1", environmentId: "env1", revisionId: "rev9", network: "netid" };

  it("becomes the engine driver of each kind with its address", () => {
    expect(engineLogDriver(parseLoggingTarget({ driver: "syslog", address: "10.77.0.1", port: 5514, protocol: "tcp" }), "acme")).toEqual({
      name: "syslog",
      options: { "syslog-address": "tcp://10.77.0.1:5514", "syslog-format": "rfc5424micro" },
      tagPrefix: "acme",
    });
    expect(engineLogDriver(parseLoggingTarget({ driver: "gelf", address: "logs.example", port: 12201 }), "acme").options["gelf-address"]).toBe(
      "udp://logs.example:12201",
    );
    expect(engineLogDriver(parseLoggingTarget({ driver: "fluentd", address: "::1", port: 24224 }), "acme").options).toMatchObject({
      "fluentd-address": "[::1]:24224",
      "fluentd-async": "true",
    });
  });

  it("refuses addresses that are not a plain host (no scheme, path, options smuggled in)", () => {
    for (const address of ["tcp://x", "x/y", "a b", "x,syslog-format=rfc3164", ""])
      expect(() => parseLoggingTarget({ driver: "syslog", address, port: 514 })).toThrow();
    expect(() => parseLoggingTarget({ driver: "journald", address: "x", port: 514 })).toThrow();
  });

  it("replaces a compose file's own logging: on every service, tagged tenant/app/service", () => {
    const logDriver = engineLogDriver(parseLoggingTarget({ driver: "syslog", address: "10.77.0.1", port: 5514, protocol: "udp" }), "acme");
    const checked = validatePolicy(app(svc({ logging: { driver: "json-file", options: { "max-size": "1m" } } })), policy);
    const [withTarget] = buildServiceSpecs(checked, { ...ctx, logDriver });
    expect(withTarget.spec.TaskTemplate.LogDriver).toEqual({
      Name: "syslog",
      Options: { "syslog-address": "udp://10.77.0.1:5514", "syslog-format": "rfc5424micro", tag: "acme/shop/web" },
    });
    const [without] = buildServiceSpecs(checked, ctx);
    expect(without.spec.TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "1m" } });
  });
});

describe("portal log forwarding", () => {
  it("parses only syslog+udp/tcp targets and writes RFC 5424 lines without line breaks", async () => {
    const { parsePortalLogTarget, syslogLine } = await import("@/lib/logging");
    expect(parsePortalLogTarget("syslog+udp://10.0.0.5:514")).toEqual({ protocol: "udp", host: "10.0.0.5", port: 514 });
    expect(parsePortalLogTarget("syslog+tcp://[::1]:6514")).toEqual({ protocol: "tcp", host: "::1", port: 6514 });
    for (const bad of ["udp://x:1", "syslog+udp://x", "syslog+udp://x:0", "syslog+udp://a b:1", undefined]) expect(parsePortalLogTarget(bad)).toBeNull();
    expect(syslogLine("caas-audit", 'a\nb {"x":1}', false, new Date("2026-01-01T00:00:00Z"), "portal1")).toBe(
      `<134>1 2026-01-01T00:00:00.000Z portal1 caas-audit ${process.pid} - - a b {"x":1}`,
    );
    expect(syslogLine("caas-portal", "boom", true).startsWith("<131>1 ")).toBe(true);
  });
});
