// Each Compose key with a Swarm equivalent: the form(s) Compose accepts → the model → the Engine
// API field the swarm driver writes. Each key with no equivalent: accepted with a warning naming its
// path. Each security-relevant key: refused by a named policy rule, never as an unknown key.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  IGNORED_SERVICE_KEYS,
  PLATFORM_LIMITS,
  applyEnvironmentDefaults,
  parseCompose,
  validatePolicy,
  type AppSpec,
  type PolicyContext,
  type ServiceSpec,
} from "@/lib/compose";
import { buildServiceSpecs } from "@/lib/orchestrator";

const ctx: PolicyContext = {
  bindAllowList: [],
  portRange: { from: 30000, to: 30100 },
  limits: PLATFORM_LIMITS,
  publishing: { endpointMode: "vip", publishMode: "ingress" },
};

const build = { appId: "app1", appName: "a", tenantId: "t", environmentId: "e", revisionId: "r", network: "net" };

function parse(service: string, top = ""): AppSpec {
  const body = service
    .split("\n")
    .map((l) => (l ? `    ${l}` : l))
    .join("\n");
  return parseCompose(`services:\n  web:\n    image: nginx\n${body}\n${top}`, {});
}

const web = (spec: AppSpec): ServiceSpec => spec.services.find((s) => s.name === "web")!;

function engine(spec: AppSpec) {
  return buildServiceSpecs(validatePolicy(applyEnvironmentDefaults(spec, { cpus: 0.5, memoryMb: 256 }), ctx), build)[0].spec;
}

function policyRules(text: string): string[] {
  try {
    validatePolicy(applyEnvironmentDefaults(parseCompose(text, {}), { cpus: 0.5, memoryMb: 256 }), ctx);
  } catch (e) {
    if (e instanceof AppError && e.code === "POLICY") return (e.details ?? []).map((d) => `${d.rule} ${d.path}`);
    throw e;
  }
  return [];
}

describe("keys mapped to the Engine API", () => {
  it("stop_signal and stop_grace_period → StopSignal, StopGracePeriod", () => {
    const spec = parse("stop_signal: SIGQUIT\nstop_grace_period: 1m30s");
    expect(web(spec)).toMatchObject({ stopSignal: "SIGQUIT", stopGracePeriodMs: 90_000 });
    expect(engine(spec).TaskTemplate.ContainerSpec).toMatchObject({ StopSignal: "SIGQUIT", StopGracePeriod: 90e9 });
    expect(() => parse("stop_signal: 'KILL; rm'")).toThrow(AppError);
  });

  it("ulimits in both forms → Ulimits", () => {
    const spec = parse("ulimits:\n  nproc: 65535\n  nofile: {soft: 20000, hard: 40000}\n  memlock: {soft: -1, hard: -1}");
    expect(web(spec).ulimits).toEqual([
      { name: "memlock", soft: -1, hard: -1 },
      { name: "nofile", soft: 20000, hard: 40000 },
      { name: "nproc", soft: 65535, hard: 65535 },
    ]);
    expect(engine(spec).TaskTemplate.ContainerSpec.Ulimits).toEqual([
      { Name: "memlock", Soft: -1, Hard: -1 },
      { Name: "nofile", Soft: 20000, Hard: 40000 },
      { Name: "nproc", Soft: 65535, Hard: 65535 },
    ]);
    expect(() => parse("ulimits: {nofile: {soft: 10, hard: 5}}")).toThrow(AppError);
    expect(() => parse("ulimits: {bogus: 1}")).toThrow(AppError);
  });

  it("read_only and init → ReadOnly, Init", () => {
    const c = engine(parse("read_only: true\ninit: false")).TaskTemplate.ContainerSpec;
    expect(c).toMatchObject({ ReadOnly: true, Init: false });
  });

  it("dns, dns_search, dns_opt (string or list) → DNSConfig", () => {
    const spec = parse("dns: 1.1.1.1\ndns_search: [corp.example.com, example.com]\ndns_opt: [ndots:2]");
    expect(engine(spec).TaskTemplate.ContainerSpec.DNSConfig).toEqual({
      Nameservers: ["1.1.1.1"],
      Search: ["corp.example.com", "example.com"],
      Options: ["ndots:2"],
    });
    expect(() => parse("dns: [not-an-ip]")).toThrow(AppError);
  });

  it("extra_hosts (list with : or =, and mapping) → Hosts", () => {
    const list = parse('extra_hosts: ["a.example:10.0.0.1", "b.example=10.0.0.2", "v6.example=::1"]');
    const map = parse("extra_hosts: {a.example: 10.0.0.1, gw.example: host-gateway}");
    expect(engine(list).TaskTemplate.ContainerSpec.Hosts).toEqual(["10.0.0.1 a.example", "10.0.0.2 b.example", "::1 v6.example"]);
    expect(engine(map).TaskTemplate.ContainerSpec.Hosts).toEqual(["10.0.0.1 a.example", "host-gateway gw.example"]);
  });

  it("hostname → Hostname; domainname is a warning", () => {
    const spec = parse("hostname: mail\ndomainname: example.org");
    expect(engine(spec).TaskTemplate.ContainerSpec.Hostname).toBe("mail");
    expect(spec.warnings.map((w) => w.path)).toEqual(["services.web.domainname"]);
  });

  it("networks.<n>.aliases → aliases on the app network; addresses are warnings", () => {
    const spec = parse("networks:\n  back:\n    aliases: [Search, search.internal]\n    ipv4_address: 10.0.0.9", "networks:\n  back: {}\n");
    expect(web(spec).networkAliases).toEqual(["search", "search.internal"]);
    expect(engine(spec).TaskTemplate.Networks).toEqual([{ Target: "net", Aliases: ["web", "search", "search.internal"] }]);
    expect(spec.warnings.map((w) => w.path)).toEqual(["networks.back", "services.web.networks.back.ipv4_address"]);
  });

  it("logging and V1 log_driver/log_opt → TaskTemplate.LogDriver; other drivers refused by the logging rule", () => {
    const spec = parse("logging:\n  driver: json-file\n  options: {max-size: 10m, max-file: '3', syslog-address: x}");
    expect(engine(spec).TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "10m", "max-file": "3" } });
    expect(spec.warnings.map((w) => w.path)).toEqual(["services.web.logging.options.syslog-address"]);
    const v1 = parseCompose("web:\n  image: nginx\n  log_driver: local\n  log_opt: {max-size: 5m}\n", {});
    expect(engine(v1).TaskTemplate.LogDriver).toEqual({ Name: "local", Options: { "max-size": "5m" } });
    expect(policyRules("web:\n  image: nginx\n  log_driver: gelf\n")).toEqual(["logging services.web.log_driver"]);
    expect(policyRules("services:\n  web:\n    image: nginx\n    logging: {driver: awslogs}\n")).toEqual(["logging services.web.logging.driver"]);
  });

  it("deploy.labels → the service's labels only; labels → containers and service", () => {
    const spec = parse("labels: [a=1]\ndeploy:\n  labels: {traefik.enable: 'true', a: '2'}");
    const e = engine(spec);
    expect(e.Labels).toMatchObject({ a: "2", "traefik.enable": "true" });
    expect(e.TaskTemplate.ContainerSpec.Labels).toMatchObject({ a: "1" });
    expect(e.TaskTemplate.ContainerSpec.Labels).not.toHaveProperty("traefik.enable");
    expect(policyRules("services:\n  web:\n    image: nginx\n    deploy: {labels: [caas.app=x]}\n")).toEqual([
      'reserved-label services.web.deploy.labels["caas.app"]',
    ]);
  });

  it("healthcheck forms → HealthCheck", () => {
    const h = (y: string) => engine(parse(`healthcheck: ${y}`)).TaskTemplate.ContainerSpec.HealthCheck;
    expect(h("{test: curl -f http://x}")).toMatchObject({ Test: ["CMD-SHELL", "curl -f http://x"] });
    expect(h("{test: [CMD, curl, -f, http://x], interval: 10s, retries: 2}")).toEqual({ Test: ["CMD", "curl", "-f", "http://x"], Interval: 10e9, Retries: 2 });
    expect(h("{test: [CMD-SHELL, 'pg_isready']}")).toMatchObject({ Test: ["CMD-SHELL", "pg_isready"] });
    expect(h("{test: [NONE]}")).toEqual({ Test: ["NONE"] });
    expect(h("{disable: true}")).toEqual({ Test: ["NONE"] });
    expect(parse("healthcheck: {test: [CMD, 'true'], start_interval: 5s}").warnings.map((w) => w.path)).toEqual(["services.web.healthcheck.start_interval"]);
  });

  it("tmpfs (string, list, options; long form) → tmpfs mounts with TmpfsOptions", () => {
    const spec = parse("tmpfs:\n  - /run:size=64m,mode=1777\n  - /tmp\nvolumes:\n  - {type: tmpfs, target: /scratch, tmpfs: {size: 1g, mode: 0700}}");
    expect(engine(spec).TaskTemplate.ContainerSpec.Mounts).toEqual([
      { Type: "tmpfs", Target: "/scratch", TmpfsOptions: { SizeBytes: 1024 ** 3, Mode: 0o700 } },
      { Type: "tmpfs", Target: "/run", TmpfsOptions: { SizeBytes: 64 * 1024 ** 2, Mode: 0o1777 } },
      { Type: "tmpfs", Target: "/tmp" },
    ]);
    expect(web(parse("tmpfs: /cache")).mounts).toEqual([{ type: "tmpfs", target: "/cache", readOnly: false }]);
    expect(parse("tmpfs: ['/x:noexec,size=1m']").warnings.map((w) => w.message)).toEqual([expect.stringMatching(/noexec/)]);
  });

  it("cap_drop → CapabilityDrop; cap_add within the baseline → CapabilityAdd", () => {
    const c = engine(parse("cap_drop: [ALL]\ncap_add: [NET_BIND_SERVICE]")).TaskTemplate.ContainerSpec;
    expect(c).toMatchObject({ CapabilityDrop: ["ALL"], CapabilityAdd: ["NET_BIND_SERVICE"] });
  });

  it("labels and environment as list or map, with value-less entries", () => {
    const a = web(parse("environment: [A=1, spring.x=y, NOVALUE]\nlabels: [io.x:y=1, flag]"));
    const b = web(parse("environment: {A: 1, spring.x: y, NOVALUE: }\nlabels: {io.x:y: '1', flag: }"));
    expect(a.environment).toEqual({ A: "1", "spring.x": "y" });
    expect(b.environment).toEqual(a.environment);
    expect(a.labels).toEqual({ "io.x:y": "1", flag: "" });
    expect(b.labels).toEqual(a.labels);
  });

  it("command and entrypoint as string or list → Args, Command", () => {
    const c = engine(parse("entrypoint: /bin/sh -c\ncommand: \"echo 'a b'\"")).TaskTemplate.ContainerSpec;
    // A string is split like a shell would (quotes kept together), never run by one.
    expect(c).toMatchObject({ Command: ["/bin/sh", "-c"], Args: ["echo", "a b"] });
    expect(engine(parse("command: [a, 'b c']")).TaskTemplate.ContainerSpec.Args).toEqual(["a", "b c"]);
  });

  it("deploy.placement → Placement, the platform's spread kept last", () => {
    const spec = parse(
      "deploy:\n  placement:\n    constraints: [node.role == worker]\n    preferences: [{spread: node.labels.zone}]\n    max_replicas_per_node: 2",
    );
    expect(engine(spec).TaskTemplate.Placement).toEqual({
      Constraints: ["node.role == worker"],
      Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }, { Spread: { SpreadDescriptor: "node.id" } }],
      MaxReplicas: 2,
    });
    expect(() => parse("deploy: {placement: {constraints: ['node.role']}}")).toThrow(AppError);
  });

  it("deploy.update_config and rollback_config → UpdateConfig, RollbackConfig", () => {
    const e = engine(
      parse(
        "deploy:\n  update_config: {parallelism: 2, delay: 5s, monitor: 30s, max_failure_ratio: 0.5, order: start-first}\n  rollback_config: {parallelism: 1, failure_action: continue}",
      ),
    );
    expect(e.UpdateConfig).toEqual({ Parallelism: 2, Delay: 5e9, Order: "start-first", Monitor: 30e9, MaxFailureRatio: 0.5, FailureAction: "rollback" });
    expect(e.RollbackConfig).toEqual({ Parallelism: 1, Monitor: 2e9, FailureAction: "continue" });
  });

  it("deploy.restart_policy → RestartPolicy (window included)", () => {
    const e = engine(parse("deploy: {restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}}"));
    expect(e.TaskTemplate.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 5e9, MaxAttempts: 3, Window: 120e9 });
  });

  it("V1/V2 restart forms → restart conditions; without restart: on-failure in V1/V2 (an ended job stays ended), any in V3", () => {
    const cond = (text: string) => parseCompose(text, {}).services[0].restart.condition;
    expect(cond("web: {image: nginx}\n")).toBe("on-failure");
    expect(cond("version: '2'\nservices: {web: {image: nginx}}\n")).toBe("on-failure");
    expect(cond("version: '2'\nservices: {web: {image: nginx, restart: 'no'}}\n")).toBe("none");
    expect(cond("version: '2'\nservices: {web: {image: nginx, restart: always}}\n")).toBe("any");
    expect(cond("version: '2'\nservices: {web: {image: nginx, restart: unless-stopped}}\n")).toBe("any");
    expect(cond("version: '2'\nservices: {web: {image: nginx, restart: 'on-failure:3'}}\n")).toBe("on-failure");
    expect(cond("version: '3'\nservices: {web: {image: nginx}}\n")).toBe("any");
    expect(cond("services: {web: {image: nginx}}\n")).toBe("any");
  });

  it("deploy.resources limits and reservations, V2 mem_limit/cpus/mem_reservation/pids_limit → Resources", () => {
    const e = engine(parse("deploy:\n  resources:\n    limits: {cpus: '1.5', memory: 512M, pids: 100}\n    reservations: {cpus: '0.5', memory: 128M}"));
    expect(e.TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 1.5e9, MemoryBytes: 512 * 1024 ** 2, Pids: 100 },
      Reservations: { NanoCPUs: 0.5e9, MemoryBytes: 128 * 1024 ** 2 },
    });
    const v2 = parseCompose(
      "version: '2.4'\nservices:\n  web: {image: nginx, mem_limit: 1g, cpus: 2, mem_reservation: 256m, pids_limit: 50, cpu_shares: 512}\n",
      {},
    );
    expect(engine(v2).TaskTemplate.Resources).toEqual({
      Limits: { NanoCPUs: 2e9, MemoryBytes: 1024 ** 3, Pids: 50 },
      Reservations: { MemoryBytes: 256 * 1024 ** 2 },
    });
    expect(v2.warnings.map((w) => w.path)).toEqual(["services.web.cpu_shares"]);
  });

  it("deploy.mode global|replicated → Mode; jobs refused by a rule; scale → replicas", () => {
    expect(engine(parse("deploy: {mode: global}")).Mode).toEqual({ Global: {} });
    expect(engine(parse("deploy: {mode: replicated, replicas: 3}")).Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(engine(parse("scale: 2")).Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(policyRules("services:\n  web: {image: nginx, deploy: {mode: global-job}}\n")).toEqual(["unsupported services.web.deploy.mode"]);
  });

  it("deploy.endpoint_mode → EndpointSpec.Mode; dnsrr with ingress-published ports refused by port-mode", () => {
    expect(engine(parse("deploy: {endpoint_mode: dnsrr}")).EndpointSpec?.Mode).toBe("dnsrr");
    expect(policyRules("services:\n  web: {image: nginx, ports: ['30001:80'], deploy: {endpoint_mode: dnsrr}}\n")).toEqual([
      "port-mode services.web.deploy.endpoint_mode",
    ]);
  });

  it("volume nocopy → VolumeOptions.NoCopy", () => {
    const spec = parse("volumes: ['data:/data:nocopy']", "volumes:\n  data: {}\n");
    expect(engine(spec).TaskTemplate.ContainerSpec.Mounts?.[0]).toMatchObject({ Type: "volume", VolumeOptions: { NoCopy: true } });
  });

  it("secrets and configs → File references (with the deploy's engine names)", () => {
    const spec = parse(
      "secrets: [{source: pw, target: db.pw, uid: '70', mode: 0400}]\nconfigs: [conf]",
      "secrets:\n  pw: {external: true}\nconfigs:\n  conf: {name: shared-conf}\n",
    );
    const built = buildServiceSpecs(validatePolicy(applyEnvironmentDefaults(spec, { cpus: 0.5, memoryMb: 256 }), ctx), {
      ...build,
      files: { secrets: { pw: "caas-app1-pw-v1" }, configs: { conf: "caas-app1-conf-v1" } },
    })[0].spec.TaskTemplate.ContainerSpec;
    expect(built.Secrets).toEqual([{ File: { Name: "db.pw", UID: "70", GID: "0", Mode: 0o400 }, SecretID: "", SecretName: "caas-app1-pw-v1" }]);
    expect(built.Configs).toEqual([{ File: { Name: "/conf", UID: "0", GID: "0", Mode: 0o444 }, ConfigID: "", ConfigName: "caas-app1-conf-v1" }]);
  });
});

describe("keys accepted with a warning", () => {
  const samples: Record<string, string> = {
    container_name: "x",
    platform: "linux/amd64",
    attach: "false",
    annotations: "{a: b}",
    shm_size: "64m",
    mem_swappiness: "0",
    memswap_limit: "1g",
    oom_score_adj: "100",
    pull_policy: "always",
    develop: "{watch: []}",
    cpu_shares: "512",
    cpu_quota: "50000",
    cpu_period: "100000",
    cpu_count: "2",
    cpu_percent: "50",
    cpu_rt_runtime: "400ms",
    cpu_rt_period: "1400us",
    cpuset: "'0-1'",
    mac_address: "02:42:ac:11:00:02",
    domainname: "example.org",
    credential_spec: "{config: x}",
    group_add: "[audio]",
    post_start: "[{command: [echo]}]",
    pre_stop: "[{command: [echo]}]",
    models: "[m]",
    provider: "{type: x}",
  };

  it("covers every ignored key", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(IGNORED_SERVICE_KEYS).sort());
  });

  it.each(Object.entries(samples))("%s", (key, value) => {
    const spec = parse(`${key}: ${value}`);
    expect(spec.warnings).toEqual([expect.objectContaining({ path: `services.web.${key}`, message: expect.stringContaining(`${key} is ignored`) })]);
  });

  it("expose, depends_on conditions, network_mode bridge, x- keys, top-level name", () => {
    const spec = parseCompose(
      "name: p\nx-a: 1\nservices:\n  web:\n    image: nginx\n    x-b: 2\n    expose: ['80']\n    network_mode: bridge\n    depends_on: {db: {condition: service_healthy, restart: true}}\n  db: {image: postgres}\n",
      {},
    );
    expect(spec.warnings.map((w) => w.path)).toEqual([
      "name",
      "services.web.network_mode",
      "services.web.expose",
      "services.web.depends_on.db.condition",
      "services.web.depends_on.db.restart",
    ]);
    expect(spec.services[1].dependsOn).toEqual(["db"]);
    expect(spec.services[1].networkMode).toBeUndefined();
  });
});

describe("security-relevant keys refused by a named rule", () => {
  const cases: [string, string, string][] = [
    ["uts: host", "host-namespaces", "services.web.uts"],
    ["runtime: nvidia", "runtime", "services.web.runtime"],
    ["device_cgroup_rules: ['c 1:3 mr']", "devices", "services.web.device_cgroup_rules"],
    ["storage_opt: {size: 1G}", "storage-opt", "services.web.storage_opt"],
    ["label_file: ./labels", "file-reference", "services.web.label_file"],
    ["userns_mode: host", "host-namespaces", "services.web.userns_mode"],
    ["cgroup_parent: x", "cgroup-parent", "services.web.cgroup_parent"],
    ["isolation: process", "isolation", "services.web.isolation"],
    ["gpus: all", "devices", "services.web.gpus"],
    ["blkio_config: {device_write_bps: [{path: /dev/sda, rate: 1mb}]}", "devices", "services.web.blkio_config.device_write_bps"],
    ["volumes_from: [db]", "volumes-from", "services.web.volumes_from"],
    ["network_mode: host", "host-namespaces", "services.web.network_mode"],
    ["network_mode: 'container:abc'", "host-namespaces", "services.web.network_mode"],
    ["network_mode: 'service:db'", "host-namespaces", "services.web.network_mode"],
    ["pid: host", "host-namespaces", "services.web.pid"],
    ["ipc: host", "host-namespaces", "services.web.ipc"],
    ["security_opt: [seccomp=unconfined]", "security-opt", "services.web.security_opt[0]"],
    ["privileged: true", "privileged", "services.web.privileged"],
    ["cap_add: [SYS_ADMIN]", "capabilities", "services.web.cap_add[0]"],
    ["devices: [/dev/fuse]", "devices", "services.web.devices[0]"],
    ["oom_kill_disable: true", "oom-kill-disable", "services.web.oom_kill_disable"],
    ["use_api_socket: true", "docker-socket", "services.web.use_api_socket"],
    ["volume_driver: convoy", "volume-driver", "services.web.volume_driver"],
    ["build: .", "build", "services.web.build"],
    ["env_file: .env", "file-reference", "services.web.env_file"],
    ["external_links: [redis]", "external-links", "services.web.external_links"],
    ["sysctls: [net.core.somaxconn=1024]", "sysctls", 'services.web.sysctls["net.core.somaxconn"]'],
    ["extends: {file: base.yml, service: x}", "file-reference", "services.web.extends.file"],
  ];

  it.each(cases)("%s → %s", (yaml, rule, path) => {
    const text = `services:\n  web:\n    image: nginx\n    ${yaml}\n  db: {image: postgres}\n`;
    expect(policyRules(text)).toEqual([`${rule} ${path}`]);
  });

  it("include: refused by file-reference, alone (one clear answer) or beside services", () => {
    const only = (() => {
      try {
        parseCompose("include: [other.yml]\n", {});
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(only?.code).toBe("POLICY");
    expect(only?.details).toEqual([expect.objectContaining({ rule: "file-reference", path: "include", line: 1, column: 1 })]);
    expect(policyRules("include: [other.yml]\nservices:\n  web: {image: nginx}\n")).toEqual(["file-reference include"]);
  });
});
