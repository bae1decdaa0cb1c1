// The swarm driver's spec builder: engine specs only from a PolicyChecked model (the brand), built
// field by field from an allow-list, with platform labels that a compose label cannot override, and
// exactly what the policy accepts (issue 9, holes 3 and 6).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { PLATFORM_LIMITS, PolicyChecked, validatePolicy, type AppSpec, type PolicyContext, type ServiceSpec } from "@/lib/compose";
import { LABEL, buildServiceSpecs, linkAliases, serviceEngineName, volumeEngineName, type ServiceBuildContext } from "@/lib/orchestrator";

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
  };
}

const app = (services: ServiceSpec[], volumes: AppSpec["volumes"] = []): AppSpec => ({
  services,
  volumes,
  secrets: [],
  configs: [],
  refused: [],
  warnings: [],
});

const policy: PolicyContext = {
  bindAllowList: ["/srv/data"],
  portRange: { from: 30000, to: 30100 },
  limits: PLATFORM_LIMITS,
  publishing: { endpointMode: "dnsrr", publishMode: "host" },
};

const ctx: ServiceBuildContext = { appId: "app123", appName: "shop", tenantId: "ten1", environmentId: "env1", revisionId: "rev9", network: "netid" };

const build = (a: AppSpec, p: PolicyContext = policy) => buildServiceSpecs(validatePolicy(a, p), ctx);

describe("buildServiceSpecs", () => {
  it("builds the engine spec from allow-listed model fields only", () => {
    const [{ service: name, spec }] = build(
      app(
        [
          service({
            command: ["httpd", "-f"],
            entrypoint: ["/bin/sh", "-c"],
            environment: { A: "1" },
            labels: { team: "x" },
            ports: [{ target: 80, published: 30080, protocol: "tcp" }],
            mounts: [
              { type: "volume", source: "data", target: "/data", readOnly: false },
              { type: "tmpfs", target: "/tmp", readOnly: false },
              { type: "bind", source: "/srv/data/site", target: "/site", readOnly: true },
            ],
            healthcheck: { test: ["CMD", "true"], intervalMs: 1000 },
            capAdd: ["NET_BIND_SERVICE"],
            capDrop: ["ALL"],
          }),
        ],
        [{ name: "data", driverOpts: {} }],
      ),
    );
    expect(name).toBe("web");
    expect(spec.Name).toBe("caas-app123-web");
    expect(spec.Labels).toMatchObject({ team: "x", [LABEL.app]: "app123", [LABEL.revision]: "rev9", [LABEL.service]: "web" });
    const cs = spec.TaskTemplate.ContainerSpec;
    expect(cs).toMatchObject({
      Command: ["/bin/sh", "-c"],
      Args: ["httpd", "-f"],
      Env: ["A=1"],
      Init: true,
      CapabilityAdd: ["NET_BIND_SERVICE"],
      CapabilityDrop: ["ALL"],
    });
    expect(cs.Labels?.[LABEL.app]).toBe("app123");
    expect(cs.Labels?.[LABEL.revision]).toBeUndefined(); // redeploys must not restart unchanged services
    expect(cs.Mounts?.[0]).toMatchObject({ Type: "volume", Source: "caas_app123_data", Target: "/data" });
    expect(cs.Mounts?.[2]).toEqual({ Type: "bind", Source: "/srv/data/site", Target: "/site", ReadOnly: true });
    expect(cs.HealthCheck).toEqual({ Test: ["CMD", "true"], Interval: 1_000_000_000 });
    expect(spec.TaskTemplate.Resources?.Limits).toEqual({ NanoCPUs: 500_000_000, MemoryBytes: 64 << 20 });
    expect(spec.TaskTemplate.Networks).toEqual([{ Target: "netid", Aliases: ["web"] }]);
    expect(spec.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 30080, PublishMode: "host" }] });
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(JSON.stringify(spec)).not.toMatch(/Privileged|Devices|Sysctls|SecurityOpt|Privileges/);
  });

  it("takes the publishing modes from the context the policy checked", () => {
    const vip = { ...policy, publishing: { endpointMode: "vip", publishMode: "ingress" } } satisfies PolicyContext;
    const [{ spec }] = build(app([service({ ports: [{ target: 80, published: 30081, protocol: "tcp" }] })]), vip);
    expect(spec.EndpointSpec).toEqual({ Mode: "vip", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 30081, PublishMode: "ingress" }] });
  });

  it("refuses unplanned ports (stored revisions always have leased ones)", () => {
    expect(() => build(app([service({ ports: [{ target: 80, protocol: "tcp" }] })]))).toThrowError(/no published port/);
  });

  it("gives link aliases to the linked service", () => {
    const specs = build(app([service({ name: "app", links: [{ service: "db", alias: "database" }] }), service({ name: "db" })]));
    expect(specs.find((s) => s.service === "db")?.spec.TaskTemplate.Networks?.[0].Aliases).toEqual(["db", "database"]);
    expect(linkAliases([service({ name: "app", links: [{ service: "db", alias: "database" }] })]).get("db")).toEqual(["database"]);
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
});

describe("the PolicyChecked brand (the attack: build a spec from a model the policy never saw)", () => {
  const evil = app([service({ privileged: true, mounts: [{ type: "bind", source: "/", target: "/host", readOnly: false }] })]);

  it("the policy refuses the model, so it can never be branded", () => {
    expect(() => validatePolicy(evil, policy)).toThrowError(expect.objectContaining({ code: "POLICY" }));
  });

  it.each([
    ["a look-alike object with spec and context", { spec: evil, context: policy }],
    ["a raw AppSpec", evil],
    ["a spread of a checked value", { ...validatePolicy(app([service()]), policy) }],
    ["an object created from the class's prototype", Object.create(PolicyChecked.prototype)],
    ["a JSON round trip of a checked value", JSON.parse(JSON.stringify(validatePolicy(app([service()]), policy)))],
  ])("the builder refuses %s at run time, whatever the types say", (_what, forged) => {
    // The one cast in the code base: this test is the attacker. The T3 lint allows it in this file only.
    expect(() => buildServiceSpecs(forged as unknown as PolicyChecked<AppSpec>, ctx)).toThrowError(
      expect.objectContaining({ code: "INTERNAL", message: "Engine specs are built only from an app model that passed the policy." }),
    );
  });

  it("the constructor cannot be called around the validator, even from plain JavaScript", () => {
    const ctor = PolicyChecked as unknown as new (...a: unknown[]) => unknown;
    expect(() => Reflect.construct(ctor, [Symbol("policy-checked"), evil, policy])).toThrowError(AppError);
    expect(() => Reflect.construct(ctor, [evil, policy])).toThrowError(AppError);
  });

  it("a checked value is a frozen copy: changing the input or the value after the check changes nothing", () => {
    const input = app([service()]);
    const checked = validatePolicy(input, policy);
    input.services[0].privileged = true;
    input.services[0].mounts.push({ type: "bind", source: "/", target: "/host", readOnly: false });
    expect(checked.spec.services[0].privileged).toBe(false);
    expect(checked.spec.services[0].mounts).toEqual([]);
    expect(() => {
      (checked.spec.services[0] as ServiceSpec).privileged = true;
    }).toThrowError(TypeError);
    expect(() => {
      (checked.spec.services[0].mounts as ServiceSpec["mounts"]).push({ type: "bind", source: "/", target: "/host", readOnly: false });
    }).toThrowError(TypeError);
    expect(() => {
      (checked.context.bindAllowList as string[]).push("/");
    }).toThrowError(TypeError);
    const [{ spec }] = buildServiceSpecs(checked, ctx);
    expect(spec.TaskTemplate.ContainerSpec.Mounts).toEqual([]);
  });

  it("copy() gives an unbranded, mutable model that the builder refuses until it is checked again", () => {
    const copy = validatePolicy(app([service()]), policy).copy();
    copy.services[0].privileged = true;
    expect(() => buildServiceSpecs(copy as unknown as PolicyChecked<AppSpec>, ctx)).toThrowError(expect.objectContaining({ code: "INTERNAL" }));
    expect(() => validatePolicy(copy, policy)).toThrowError(expect.objectContaining({ code: "POLICY" }));
  });
});

describe("shared environments (issue 16)", () => {
  it("reserve each service's limits and spread its replicas over the nodes", () => {
    const [{ spec }] = build(app([service()]), { ...policy, shared: true });
    expect(spec.TaskTemplate.Resources).toMatchObject({
      Limits: { NanoCPUs: 500_000_000, MemoryBytes: 64 << 20 },
      Reservations: { NanoCPUs: 500_000_000, MemoryBytes: 64 << 20 },
    });
    expect(spec.TaskTemplate.Placement?.Preferences).toContainEqual({ Spread: { SpreadDescriptor: "node.id" } });
    const [{ spec: dedicated }] = build(app([service()]));
    expect(dedicated.TaskTemplate.Resources?.Reservations).toEqual({ NanoCPUs: undefined, MemoryBytes: undefined });
  });

  it("refuse every bind mount: a shared environment has no allow-list, whatever is stored", () => {
    const bind = app([service({ mounts: [{ type: "bind", source: "/srv/data/site", target: "/site", readOnly: true }] })]);
    expect(() => build(bind, { ...policy, bindAllowList: [], shared: true })).toThrow(AppError);
  });
});
