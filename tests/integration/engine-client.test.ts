// lib/docker's client contract (endpoint validation, error mapping, timeouts) and the swarm driver's
// spec builder (allow-list, names, reserved labels). Needs no engine: the "hosts" here are local
// sockets that refuse, stay silent, or answer like something else.
import http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { engineFor, isUnreachable, parseEndpoint } from "@/lib/docker";
import { LABEL, buildServiceSpec, linkAliases, serviceEngineName, volumeEngineName, type ServiceBuildContext } from "@/lib/orchestrator";
import type { ServiceSpec } from "@/lib/compose/app-spec";

function service(p: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name: "web",
    image: "lab/busybox:latest",
    environment: {},
    labels: {},
    replicas: 2,
    ports: [],
    mounts: [],
    links: [],
    dependsOn: [],
    resources: {},
    restart: { condition: "any" },
    update: {},
    privileged: false,
    capAdd: [],
    capDrop: [],
    devices: [],
    securityOpt: [],
    sysctls: {},
    refused: [],
    ...p,
  };
}

const ctx: ServiceBuildContext = {
  appId: "app123",
  appName: "shop",
  tenantId: "ten1",
  environmentId: "env1",
  revisionId: "rev9",
  network: "netid",
  endpointMode: "dnsrr",
  publishMode: "host",
};

describe("engine endpoints", () => {
  it.each([
    ["unix:///run/caas-lab/h1.sock", "unix:///run/caas-lab/h1.sock"],
    ["tcp://10.77.0.12:2375", "tcp://10.77.0.12:2375"],
    ["tcp://Docker-1.example.com:2376", "tcp://docker-1.example.com:2376"],
    ["tcp://[fd00::2]:2376", "tcp://[fd00::2]:2376"],
    ["ssh://deploy@10.0.0.5", "ssh://deploy@10.0.0.5"],
    ["ssh://deploy@host.example:2222", "ssh://deploy@host.example:2222"],
  ])("accepts %s", (raw, display) => {
    expect(parseEndpoint(raw).display).toBe(display);
  });

  it.each([
    "",
    "10.0.0.1:2375",
    "http://10.0.0.1:2375",
    "tcp://10.0.0.1",
    "tcp://10.0.0.1:0",
    "tcp://10.0.0.1:2375/path",
    "tcp://user@10.0.0.1:2375",
    "tcp://300.1.1.1:2375",
    "tcp://a b:2375",
    "unix://relative.sock",
    "unix:///run/../etc/x.sock",
    "ssh://host.example",
    "ssh://bad user@host",
    "npipe:////./pipe/docker_engine",
  ])("refuses %j with a VALIDATION error on field endpoint", (raw) => {
    try {
      engineFor({ endpoint: raw });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("VALIDATION");
      expect((e as AppError).details?.[0].path).toBe("endpoint");
    }
  });

  it("maps refused, missing and silent hosts to 'host unreachable' naming endpoint and operation", async () => {
    const cases = [
      { endpoint: "tcp://127.0.0.1:1", why: "connection refused" },
      { endpoint: "unix:///run/caas-lab/no-such.sock", why: "no such socket" },
    ];
    for (const c of cases) {
      const err = await engineFor({ endpoint: c.endpoint }).ping().catch((e: unknown) => e);
      expect(isUnreachable(err)).toBe(true);
      expect(err).toMatchObject({ code: "INTERNAL", message: `Engine ${c.endpoint}: ping failed: host unreachable (${c.why})` });
    }
    // a host that accepts the connection and never answers: the deadline ends the call
    const silent = net.createServer(() => {});
    await new Promise<void>((ok) => silent.listen(0, "127.0.0.1", ok));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const t0 = Date.now();
      const err = await engineFor({ endpoint: `tcp://127.0.0.1:${port}` }, { timeoutMs: 500 }).info().catch((e: unknown) => e);
      expect(isUnreachable(err)).toBe(true);
      expect((err as Error).message).toBe(`Engine tcp://127.0.0.1:${port}: info failed: host unreachable (no answer in time)`);
      expect(Date.now() - t0).toBeLessThan(3_000);
    } finally {
      silent.close();
    }
  });

  it("says so when something other than a Docker engine answers", async () => {
    const other = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((ok) => other.listen(0, "127.0.0.1", ok));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const err = await engineFor({ endpoint: `tcp://127.0.0.1:${port}` }).ping().catch((e: unknown) => e);
      expect(isUnreachable(err)).toBe(false);
      expect((err as Error).message).toMatch(/ping failed: HTTP 404 without an engine message/);
    } finally {
      other.close();
    }
  });

  it("never puts TLS key material into error messages", async () => {
    const key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----\n";
    const err = await engineFor({ endpoint: "tcp://127.0.0.1:1", tls: { ca: "x", cert: "y", key } })
      .ping()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause ?? "") })).not.toContain("c2VjcmV0");
  });
});

describe("buildServiceSpec", () => {
  it("builds the engine spec from allow-listed model fields only", () => {
    const spec = buildServiceSpec(
      service({
        command: ["httpd", "-f"],
        entrypoint: ["/bin/sh", "-c"],
        environment: { A: "1" },
        labels: { team: "x", "caas.app": "someone-else" },
        ports: [{ target: 80, published: 30080, protocol: "tcp" }],
        mounts: [
          { type: "volume", source: "data", target: "/data", readOnly: false },
          { type: "tmpfs", target: "/tmp", readOnly: false },
        ],
        resources: { cpus: 0.5, memoryBytes: 64 << 20 },
        healthcheck: { test: ["CMD", "true"], intervalMs: 1000 },
        capAdd: ["NET_ADMIN"],
      }),
      { ...ctx, aliases: ["www"] },
    );
    expect(spec.Name).toBe("caas-app123-web");
    expect(spec.Labels).toMatchObject({ team: "x", [LABEL.app]: "app123", [LABEL.revision]: "rev9", [LABEL.service]: "web" });
    const cs = spec.TaskTemplate.ContainerSpec;
    expect(cs).toMatchObject({ Command: ["/bin/sh", "-c"], Args: ["httpd", "-f"], Env: ["A=1"], Init: true, CapabilityAdd: ["NET_ADMIN"] });
    expect(cs.Labels?.[LABEL.app]).toBe("app123"); // a compose label cannot claim another app
    expect(cs.Labels?.[LABEL.revision]).toBeUndefined(); // redeploys must not restart unchanged services
    expect(cs.Mounts?.[0]).toMatchObject({ Type: "volume", Source: "caas_app123_data", Target: "/data" });
    expect(cs.HealthCheck).toEqual({ Test: ["CMD", "true"], Interval: 1_000_000_000 });
    expect(spec.TaskTemplate.Resources?.Limits).toEqual({ NanoCPUs: 500_000_000, MemoryBytes: 64 << 20 });
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: "netid", Aliases: ["web", "www"] }]);
    expect(spec.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 30080, PublishMode: "host" }] });
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(JSON.stringify(spec)).not.toMatch(/Privileged|Devices|Sysctls|SecurityOpt/);
  });

  it.each([
    [{ privileged: true }, "privileged"],
    [{ devices: ["/dev/kvm"] }, "devices"],
    [{ networkMode: "host" }, "network_mode"],
    [{ pid: "host" }, "pid"],
    [{ securityOpt: ["seccomp=unconfined"] }, "security_opt"],
    [{ refused: [{ path: "services.web.build", rule: "no-build", message: "x" }] }, "services.web.build"],
  ] as [Partial<ServiceSpec>, string][])("refuses %j (defence behind the policy)", (patch, path) => {
    expect(() => buildServiceSpec(service(patch), ctx)).toThrowError(expect.objectContaining({ code: "POLICY" }));
    try {
      buildServiceSpec(service(patch), ctx);
    } catch (e) {
      expect((e as AppError).details?.[0].path).toContain(path);
    }
  });

  it("refuses unplanned ports and ingress ports with dnsrr", () => {
    expect(() => buildServiceSpec(service({ ports: [{ target: 80, protocol: "tcp" }] }), ctx)).toThrowError(/no published port/);
    expect(() =>
      buildServiceSpec(service({ ports: [{ target: 80, published: 80, protocol: "tcp" }] }), { ...ctx, publishMode: "ingress" }),
    ).toThrowError(/vip endpoint mode/);
  });

  it("names engine objects per app, DNS-safe and at most 63 characters", () => {
    expect(serviceEngineName("app123", "my.svc_1")).toMatch(/^caas-app123-my-svc-1-[0-9a-f]{6}$/);
    expect(serviceEngineName("app123", "my.svc_1")).not.toBe(serviceEngineName("app123", "my-svc-1"));
    const long = serviceEngineName("cm3x0abcdefghijklmnopqrst", "a".repeat(80));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$/);
    expect(serviceEngineName("a1", "web")).not.toBe(serviceEngineName("a2", "web"));
    expect(volumeEngineName("a1", "data")).toBe("caas_a1_data");
    expect(() => serviceEngineName("bad id!", "web")).toThrowError(expect.objectContaining({ code: "VALIDATION" }));
  });

  it("turns links into aliases on the linked service", () => {
    const aliases = linkAliases([service({ name: "app", links: [{ service: "db", alias: "database" }] }), service({ name: "db" })]);
    expect(aliases.get("db")).toEqual(["database"]);
  });
});
