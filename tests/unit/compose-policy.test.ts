import { describe, expect, it } from "vitest";
import { PLATFORM_LIMITS, applyEnvironmentDefaults, parseCompose, validatePolicy, type AppSpec, type PolicyContext, type ServiceSpec } from "@/lib/compose";
import { AppError, type ErrorDetail } from "@/lib/errors";

const ctx: PolicyContext = {
  bindAllowList: ["/srv/data", "/opt/shared/"],
  portRange: { from: 30000, to: 30100 },
  limits: PLATFORM_LIMITS,
  publishing: { endpointMode: "dnsrr", publishMode: "host" },
};
const defaults = { cpus: 0.5, memoryMb: 256 };

/** Parse, fill defaults, validate: the sequence every create/update path runs. */
function check(text: string, c: PolicyContext = ctx): ErrorDetail[] {
  const spec = applyEnvironmentDefaults(parseCompose(text, {}), defaults);
  try {
    validatePolicy(spec, c);
    return [];
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe("POLICY");
    // The message names the rules too, so a failed job or revision says why (issue 9).
    const rules = [...new Set(e.details!.map((x) => x.rule))];
    const n = e.details!.length;
    expect(e.message).toBe(`The compose file breaks ${n} security rule${n === 1 ? "" : "s"} (${rules.slice(0, 5).join(", ")}${rules.length > 5 ? ", …" : ""})`);
    return e.details!;
  }
}
const web = (body: string) => `services:\n  web:\n    image: nginx:1.27\n${body.replace(/^/gm, "    ")}\n`;
const pairs = (d: ErrorDetail[]) => d.map((x) => [x.rule, x.path]);

describe("validatePolicy: what a tenant may run", () => {
  it("accepts an ordinary app", () => {
    const text = `
services:
  web:
    image: nginx:1.27
    ports: ["30001:80", "8080"]
    volumes: ["data:/data", "/srv/data/site:/usr/share/nginx/html:ro"]
    cap_add: [NET_BIND_SERVICE, cap_chown]
    cap_drop: [ALL]
    labels: { com.example.team: web }
  db:
    image: postgres:16
    volumes: ["pg:/var/lib/postgresql/data"]
volumes:
  data: {}
  pg: { driver: local, driver_opts: { type: tmpfs, device: tmpfs, o: size=64m } }
`;
    expect(check(text)).toEqual([]);
  });

  it("refuses privileged", () => {
    expect(pairs(check(web("privileged: true")))).toEqual([["privileged", "services.web.privileged"]]);
  });

  it("refuses capabilities beyond the baseline, normalizing CAP_ and case; ALL is refused", () => {
    const d = check(web("cap_add: [SYS_ADMIN, cap_net_admin, CAP_SYS_PTRACE, ALL, CAP_KILL, setuid]"));
    expect(pairs(d)).toEqual([
      ["capabilities", "services.web.cap_add[0]"],
      ["capabilities", "services.web.cap_add[1]"],
      ["capabilities", "services.web.cap_add[2]"],
      ["capabilities", "services.web.cap_add[3]"],
    ]);
    expect(d[3].message).toMatch(/ALL capabilities/);
  });

  it("refuses devices, including GPU reservations", () => {
    const d = check(web('devices: ["/dev/kvm:/dev/kvm"]\ndeploy:\n  resources:\n    reservations:\n      devices: [{capabilities: [gpu]}]'));
    expect(pairs(d)).toEqual([
      ["devices", "services.web.devices[0]"],
      ["devices", "services.web.deploy.resources.reservations.devices"],
    ]);
  });

  it("refuses host namespaces and any network_mode", () => {
    const d = check(web("network_mode: host\npid: host\nipc: host\nuserns_mode: host\ncgroup: host"));
    expect(pairs(d)).toEqual([
      ["host-namespaces", "services.web.network_mode"],
      ["host-namespaces", "services.web.pid"],
      ["host-namespaces", "services.web.ipc"],
      ["host-namespaces", "services.web.userns_mode"],
      ["host-namespaces", "services.web.cgroup"],
    ]);
    expect(pairs(check(web('network_mode: "service:db"')))).toEqual([["host-namespaces", "services.web.network_mode"]]);
    expect(pairs(check(web('ipc: "container:other"')))).toEqual([["host-namespaces", "services.web.ipc"]]);
    expect(pairs(check("web:\n  image: nginx\n  net: host\n"))).toEqual([["host-namespaces", "services.web.network_mode"]]);
  });

  it("refuses every security_opt, naming why for no-new-privileges (swarm cannot apply it: one source of truth with the builder)", () => {
    const d = check(
      web(
        'security_opt: ["seccomp:unconfined", "apparmor=unconfined", "label:disable", "label=disable", "no-new-privileges", "no-new-privileges:false", "no-new-privileges:true"]',
      ),
    );
    expect(pairs(d)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => ["security-opt", `services.web.security_opt[${i}]`]));
    expect(d[4].message).toMatch(/no-new-privileges cannot be applied to a swarm service/);
    expect(d[6].message).toMatch(/no-new-privileges cannot be applied to a swarm service/);
    expect(d[0].message).toMatch(/loosen/);
  });

  it("refuses ipc: and cgroup: even with private values: a swarm service has no such setting (hole 6)", () => {
    for (const v of ["private", "shareable", "none"]) {
      const d = check(web(`ipc: ${v}`));
      expect(pairs(d)).toEqual([["unsupported", "services.web.ipc"]]);
      expect(d[0].message).toMatch(/cannot be set on a swarm service/);
    }
    expect(pairs(check(web("cgroup: private")))).toEqual([["unsupported", "services.web.cgroup"]]);
    expect(pairs(check(web("cgroupns: private")))).toEqual([["unsupported", "services.web.cgroup"]]);
  });

  it("refuses sysctls", () => {
    expect(pairs(check(web("sysctls: [net.core.somaxconn=1024]")))).toEqual([["sysctls", 'services.web.sysctls["net.core.somaxconn"]']]);
  });

  it("refuses bind mounts outside the allow-list after normalizing the path", () => {
    const d = check(
      web(
        [
          "volumes:",
          "  - /srv/data:/a", // allowed: equal
          "  - /srv/data/app/:/b", // allowed: under, trailing slash
          "  - /opt/shared/x:/c", // allowed: allow-list entry with trailing slash
          "  - /srv/data/../../etc:/d", // escapes with ..
          "  - /srv/data-evil:/e", // prefix trick
          "  - /etc:/f",
          "  - ./conf:/g", // relative: never resolved on the portal
          "  - ~/x:/h",
          "  - { type: bind, source: /srv/data/./../data/ok, target: /i }", // normalizes to /srv/data/ok
        ].join("\n"),
      ),
    );
    expect(pairs(d)).toEqual([
      ["bind-mount", "services.web.volumes[3]"],
      ["bind-mount", "services.web.volumes[4]"],
      ["bind-mount", "services.web.volumes[5]"],
      ["bind-mount", "services.web.volumes[6]"],
      ["bind-mount", "services.web.volumes[7]"],
    ]);
    expect(d[0].message).toMatch(/\/etc is not allowed/);
  });

  it("always refuses the docker socket, even inside an allow-listed folder", () => {
    const wide: PolicyContext = { ...ctx, bindAllowList: ["/"] };
    const d = check(
      web('volumes: ["/var/run/docker.sock:/var/run/docker.sock", "/run/docker.sock:/s", "/var/run:/r", "/:/host", "/var/lib/../run/docker.sock:/t"]'),
      wide,
    );
    expect(d.map((x) => x.rule)).toEqual(["docker-socket", "docker-socket", "docker-socket", "docker-socket", "docker-socket"]);
    expect(check(web('volumes: ["/srv/anything:/x"]'), wide)).toEqual([]);
  });

  it("sees a named volume that is a bind in disguise", () => {
    const text = (opts: string) => `services:\n  web:\n    image: nginx\n    volumes: ["v:/v"]\nvolumes:\n  v:\n    driver_opts: ${opts}\n`;
    expect(pairs(check(text("{type: none, o: bind, device: /etc}")))).toEqual([["bind-mount", "volumes.v.driver_opts.device"]]);
    expect(pairs(check(text("{o: rbind, device: /var/run}")))).toEqual([["docker-socket", "volumes.v.driver_opts.device"]]);
    expect(pairs(check(text("{type: none, device: /srv/data/v}")))).toEqual([]);
    expect(pairs(check(text("{type: nfs, o: addr=10.0.0.1, device: ':/exports'}")))).toEqual([["volume-driver", "volumes.v.driver_opts.type"]]);
    expect(pairs(check(text("{device: /dev/sda1}")))).toEqual([["volume-driver", "volumes.v.driver_opts.device"]]);
    expect(pairs(check(`services:\n  web: {image: nginx}\nvolumes:\n  v: {driver: rexray/ebs}\n`))).toEqual([["volume-driver", "volumes.v.driver"]]);
  });

  it("refuses platform-reserved labels, in labels and deploy.labels", () => {
    const d = check(web('labels: {caas.tenant: other, CAAS.app: x, com.docker.stack.namespace: y}\ndeploy:\n  labels: ["caas.owner=me"]'));
    expect(d.map((x) => x.rule)).toEqual(["reserved-label", "reserved-label", "reserved-label", "reserved-label"]);
    expect(d[0].path).toBe('services.web.labels["caas.tenant"]');
  });

  it("refuses build, file references and references outside the app", () => {
    const d = check(`
services:
  web:
    build: .
    env_file: [.env]
    volumes_from: [db]
    external_links: [redis]
    cgroup_parent: /system.slice
    logging: { driver: syslog, options: { syslog-address: "udp://10.0.0.1:514" } }
    deploy: { placement: { constraints: [node.role == manager] }, mode: global }
  db: { image: postgres }
volumes:
  ext: { external: true }
networks:
  hostnet: { driver: host }
secrets:
  shadow: { file: ../../etc/shadow }
  token: { environment: DATABASE_URL }
configs:
  conf: { file: /etc/passwd }
`);
    expect(pairs(d)).toEqual([
      ["build", "services.web.build"],
      ["file-reference", "services.web.env_file"],
      ["volumes-from", "services.web.volumes_from"],
      ["external-links", "services.web.external_links"],
      ["cgroup-parent", "services.web.cgroup_parent"],
      ["logging", "services.web.logging.driver"],
      ["external-resource", "volumes.ext.external"],
      ["host-namespaces", "networks.hostnet.driver"],
      ["file-reference", "secrets.shadow.file"],
      ["environment-reference", "secrets.token.environment"],
      ["file-reference", "configs.conf.file"],
    ]);
    expect(JSON.stringify(d)).not.toContain("root:");
  });

  it("refuses published ports outside the pool and host IP bindings", () => {
    const d = check(web('ports: ["30000:80", "30100:81", "29999:82", "80:83", "127.0.0.1:30050:84", "9000"]'));
    expect(pairs(d)).toEqual([
      ["host-ip", "services.web.ports[4]"],
      ["port-range", "services.web.ports[2]"],
      ["port-range", "services.web.ports[3]"],
    ]);
    expect(d[1].message).toMatch(/29999 is outside this environment's port pool \(30000–30100\)/);
  });

  it("finds privileged hidden behind an anchor and merge key (T12), with its path", () => {
    const text = `
x-harmless: &defaults
  restart: always
  privileged: true
  cap_add: [SYS_ADMIN]
services:
  web:
    <<: *defaults
    image: nginx
`;
    const spec = parseCompose(text, {});
    let err: unknown;
    try {
      validatePolicy(applyEnvironmentDefaults(spec, defaults), ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("POLICY");
    expect((err as AppError).details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "privileged", path: "services.web.privileged" }),
        expect.objectContaining({ rule: "capabilities", path: "services.web.cap_add[0]" }),
      ]),
    );
  });

  it("reports every violation of every service in one error", () => {
    const d = check(`
services:
  a: { image: nginx, privileged: true, sysctls: { kernel.shmmax: "1" }, ports: ["1:80"] }
  b: { image: nginx, cap_add: [ALL], volumes: ["/etc:/etc"], labels: { caas.x: y } }
`);
    expect(new Set(d.map((x) => x.rule))).toEqual(new Set(["privileged", "sysctls", "port-range", "capabilities", "bind-mount", "reserved-label"]));
    expect(d).toHaveLength(6);
  });

  it("requires CPU and memory limits (defaults fill them in)", () => {
    const spec = parseCompose(web("deploy: {resources: {limits: {cpus: '1'}}}"), {});
    expect(() => validatePolicy(spec, ctx)).toThrow(AppError);
    try {
      validatePolicy(spec, ctx);
    } catch (e) {
      expect(pairs((e as AppError).details!)).toEqual([["resource-limits", "services.web.deploy.resources.limits"]]);
    }
    expect(() => validatePolicy(applyEnvironmentDefaults(spec, defaults), ctx)).not.toThrow();
  });
});

describe("bounds on replicas, CPUs and memory: one module for the parser, the policy and scaling (hole 6)", () => {
  const parseErrors = (text: string) => {
    try {
      parseCompose(text, {});
      return [];
    } catch (e) {
      return ((e as AppError).details ?? []).map((x) => [x.path, x.message]);
    }
  };

  it("the parser refuses sizes and counts above the platform's ceiling at the key that wrote them", () => {
    expect(parseErrors(web("deploy: {resources: {limits: {memory: 1000t}}}"))).toEqual([
      ["services.web.deploy.resources.limits.memory", "A memory size must be from 6M to 1T in this environment"],
    ]);
    expect(parseErrors(web("mem_limit: 2t"))).toEqual([["services.web.mem_limit", "A memory size must be from 6M to 1T in this environment"]]);
    expect(parseErrors(web("deploy: {resources: {reservations: {memory: 1k}}}"))).toEqual([
      ["services.web.deploy.resources.reservations.memory", "A memory size must be from 6M to 1T in this environment"],
    ]);
    expect(parseErrors(web("deploy: {resources: {limits: {cpus: '65'}}}"))).toEqual([
      ["services.web.deploy.resources.limits.cpus", "A CPU count must be from 0.01 to 64 in this environment"],
    ]);
    expect(parseErrors(web("deploy: {replicas: 101}"))).toEqual([["services.web.deploy.replicas", "Expected a whole number from 0 to 100"]]);
    expect(parseErrors(web("scale: 10000"))).toEqual([["services.web.scale", "Expected a whole number from 0 to 100"]]);
    expect(parseErrors(web("deploy: {replicas: 100, resources: {limits: {cpus: '64', memory: 1t}}}"))).toEqual([]);
  });

  it("the policy holds an environment's own (narrower) bounds, also for models that did not come from the parser", () => {
    const narrow: PolicyContext = { ...ctx, limits: { maxReplicas: 3, maxCpus: 1, maxMemoryBytes: 512 * 1024 ** 2 } };
    const d = check(web("deploy: {replicas: 4, resources: {limits: {cpus: '2', memory: 1g}, reservations: {cpus: '1.5', memory: 768m}}}"), narrow);
    expect(pairs(d)).toEqual([
      ["resource-bounds", "services.web.deploy.replicas"],
      ["resource-bounds", "services.web.deploy.resources.limits.cpus"],
      ["resource-bounds", "services.web.deploy.resources.reservations.cpus"],
      ["resource-bounds", "services.web.deploy.resources.limits.memory"],
      ["resource-bounds", "services.web.deploy.resources.reservations.memory"],
    ]);
    expect(d[0].message).toBe("Replicas must be a whole number from 0 to 3 in this environment");
    expect(d[3].message).toBe("A memory size must be from 6M to 512M in this environment");
    const stored: AppSpec = applyEnvironmentDefaults(parseCompose(web(""), {}), defaults);
    stored.services[0].replicas = 10_000;
    stored.services[0].resources.memoryBytes = 1000 * 1024 ** 4;
    expect(pairs(check2(stored))).toEqual([
      ["resource-bounds", "services.web.deploy.replicas"],
      ["resource-bounds", "services.web.deploy.resources.limits.memory"],
    ]);
  });

  it("refuses ports published through ingress on a dnsrr environment (the engine would refuse them at deploy time)", () => {
    const bad: PolicyContext = { ...ctx, publishing: { endpointMode: "dnsrr", publishMode: "ingress" } };
    expect(pairs(check(web('ports: ["30001:80"]'), bad))).toEqual([["port-mode", "services.web.ports"]]);
    expect(check(web(""), bad)).toEqual([]);
  });

  function check2(spec: AppSpec): ErrorDetail[] {
    try {
      validatePolicy(spec, ctx);
      return [];
    } catch (e) {
      return (e as AppError).details!;
    }
  }
});

describe("validatePolicy on models that did not come from the parser", () => {
  const base: ServiceSpec = {
    name: "web",
    image: "nginx",
    environment: {},
    labels: {},
    replicas: 1,
    ports: [],
    mounts: [],
    links: [],
    dependsOn: [],
    resources: { cpus: 1, memoryBytes: 1 << 28 },
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
  };
  const app = (s: Partial<ServiceSpec>): AppSpec => ({ services: [{ ...base, ...s }], volumes: [], secrets: [], configs: [], refused: [], warnings: [] });
  const violations = (spec: AppSpec) => {
    try {
      validatePolicy(spec, ctx);
      return [];
    } catch (e) {
      return pairs((e as AppError).details!);
    }
  };

  it("re-checks names, images, env and label keys for injection canaries (T13)", () => {
    expect(violations(app({}))).toEqual([]);
    expect(violations(app({ name: "web;touch /tmp/pwn", image: "nginx$(id)", environment: { "A\nB": "x" }, labels: { "k`id`": "v" } }))).toEqual([
      ["malformed", 'services["web;touch /tmp/pwn"]'],
      ["malformed", 'services["web;touch /tmp/pwn"].image'],
      ["malformed", 'services["web;touch /tmp/pwn"].environment["A\\nB"]'],
      ["malformed", 'services["web;touch /tmp/pwn"].labels["k`id`"]'],
    ]);
  });

  it("refuses the forbidden settings of an edited service exactly like a parsed one", () => {
    expect(violations(app({ privileged: true, mounts: [{ type: "bind", source: "/var/run/docker.sock", target: "/s", readOnly: true }] }))).toEqual([
      ["privileged", "services.web.privileged"],
      ["docker-socket", "services.web.volumes[0]"],
    ]);
  });
});

describe("applyEnvironmentDefaults", () => {
  it("fills missing limits, keeps given ones and does not change its input", () => {
    const spec = parseCompose(
      "services:\n  a: {image: nginx}\n  b: {image: nginx, deploy: {resources: {limits: {cpus: '2', memory: 1g}}}}\n  c: {image: nginx, mem_reservation: 1g}\n",
      {},
    );
    const before = structuredClone(spec);
    const out = applyEnvironmentDefaults(spec, { cpus: 0.25, memoryMb: 128 });
    expect(spec).toEqual(before);
    expect(out.services.map((s) => s.resources)).toEqual([
      { cpus: 0.25, memoryBytes: 128 * 1024 * 1024 },
      { cpus: 2, memoryBytes: 1024 ** 3 },
      // A reservation above the default limit raises the limit, or the engine would reject it.
      { cpus: 0.25, memoryBytes: 1024 ** 3, reservationMemoryBytes: 1024 ** 3 },
    ]);
  });
});
