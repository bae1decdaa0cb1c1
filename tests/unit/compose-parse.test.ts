import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCompose } from "@/lib/compose";
import { AppError } from "@/lib/errors";

function catchAppError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError, but nothing was thrown");
}
const paths = (e: AppError) => (e.details ?? []).map((d) => d.path);
const messages = (e: AppError) => (e.details ?? []).map((d) => d.message).join("\n");
/** Compose text from an indented template (common indentation removed; write \${X} for ${X}). */
function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ""), "");
  const lines = raw.replace(/^\n/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join("\n");
}
const svc = (spec: ReturnType<typeof parseCompose>, name: string) => {
  const s = spec.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name}`);
  return s;
};

describe("Compose V1", () => {
  it("reads top-level services with links, sorted by name, with defaults", () => {
    const spec = parseCompose(
      yaml`
      web:
        image: nginx:1.27
        links: ["db", "db:database"]
        ports: ["8080:80"]
      db:
        image: postgres:16
        volumes: ["pgdata:/var/lib/postgresql/data"]
      `,
      {},
    );
    expect(spec.services.map((s) => s.name)).toEqual(["db", "web"]);
    const web = svc(spec, "web");
    expect(web.links).toEqual([
      { service: "db", alias: "db" },
      { service: "db", alias: "database" },
    ]);
    expect(web.ports).toEqual([{ target: 80, published: 8080, protocol: "tcp" }]);
    expect(web.replicas).toBe(1);
    // Compose V1/V2 default: a service without restart: is not restarted once it ends (one-shot
    // jobs finish); failed starts are still retried.
    expect(web.restart).toEqual({ condition: "on-failure" });
    expect(web.privileged).toBe(false);
    // V1 named volumes are declared implicitly.
    expect(spec.volumes).toEqual([{ name: "pgdata", driverOpts: {} }]);
    expect(svc(spec, "db").mounts).toEqual([{ type: "volume", source: "pgdata", target: "/var/lib/postgresql/data", readOnly: false }]);
  });

  it("refuses a link to a service that is not in the file, naming the path", () => {
    const e = catchAppError(() => parseCompose("web:\n  image: nginx\n  links: [cache]\n", {}));
    expect(e.code).toBe("VALIDATION");
    expect(paths(e)).toContain("services.web.links[0]");
  });

  it("keeps volumes_from, external_links and net for the policy instead of throwing", () => {
    const spec = parseCompose(
      yaml`
      web:
        image: nginx
        volumes_from: [data]
        external_links: ["other_db:db"]
        net: host
      data:
        image: busybox
      `,
      {},
    );
    const web = svc(spec, "web");
    expect(web.networkMode).toBe("host");
    expect(web.refused.map((r) => [r.path, r.rule])).toEqual([
      ["services.web.volumes_from", "volumes-from"],
      ["services.web.external_links", "external-links"],
    ]);
  });
});

describe("Compose V2", () => {
  it("reads depends_on, networks, mem_limit, cpus, scale and restart", () => {
    const spec = parseCompose(
      yaml`
      version: "2.4"
      services:
        app:
          image: registry.example.com:5000/team/app:2.1
          depends_on: [db, cache]
          networks: [backend]
          mem_limit: 512m
          mem_reservation: 128M
          cpus: 0.5
          scale: 3
          restart: on-failure:5
          volumes: ["data:/data:ro"]
        db:
          image: postgres:16
          networks: [backend]
        cache:
          image: redis:7
      volumes:
        data: {}
      networks:
        backend:
          driver: bridge
      `,
      {},
    );
    const app = svc(spec, "app");
    expect(app.dependsOn).toEqual(["cache", "db"]);
    expect(app.resources).toEqual({ cpus: 0.5, memoryBytes: 512 * 1024 ** 2, reservationMemoryBytes: 128 * 1024 ** 2 });
    expect(app.replicas).toBe(3);
    expect(app.restart).toEqual({ condition: "on-failure", maxAttempts: 5 });
    expect(app.mounts).toEqual([{ type: "volume", source: "data", target: "/data", readOnly: true }]);
    expect(spec.warnings.map((w) => `${w.path} ${w.message}`).join("\n")).toMatch(/backend was folded into the app's network/);
  });

  it("reads the long depends_on form and refuses unknown services and cycles", () => {
    const ok = parseCompose(
      yaml`
      version: "2.1"
      services:
        web: { image: nginx, depends_on: { db: { condition: service_healthy } } }
        db: { image: postgres }
      `,
      {},
    );
    expect(svc(ok, "web").dependsOn).toEqual(["db"]);

    const e = catchAppError(() =>
      parseCompose(
        yaml`
        version: "2"
        services:
          a: { image: nginx, depends_on: [b, ghost] }
          b: { image: nginx, depends_on: [a] }
        `,
        {},
      ),
    );
    expect(paths(e)).toContain("services.a.depends_on[1]");
    expect(messages(e)).toMatch(/cycle/);
  });
});

describe("Compose V3 / Compose Spec", () => {
  const v3 = yaml`
    version: "3.8"
    services:
      api:
        image: ghcr.io/acme/api:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        command: ["node", "server.js"]
        healthcheck:
          test: curl -f http://localhost/ || exit 1
          interval: 30s
          timeout: 1m30s
          retries: 3
          start_period: 500ms
        stop_grace_period: 20s
        deploy:
          replicas: 4
          labels: { com.example.tier: api }
          resources:
            limits: { cpus: "1.5", memory: 1g }
            reservations: { cpus: "0.25", memory: 256M }
          update_config: { parallelism: 2, delay: 10s, order: start-first, failure_action: rollback }
          restart_policy: { condition: on-failure, delay: 5s, max_attempts: 3 }
  `;

  it("reads deploy, healthcheck, update and restart policies", () => {
    const api = svc(parseCompose(v3, {}), "api");
    expect(api.replicas).toBe(4);
    expect(api.resources).toEqual({ cpus: 1.5, memoryBytes: 1024 ** 3, reservationCpus: 0.25, reservationMemoryBytes: 256 * 1024 ** 2 });
    expect(api.update).toEqual({ parallelism: 2, delayMs: 10_000, order: "start-first", failureAction: "rollback" });
    expect(api.restart).toEqual({ condition: "on-failure", delayMs: 5000, maxAttempts: 3 });
    expect(api.healthcheck).toEqual({
      test: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"],
      intervalMs: 30_000,
      timeoutMs: 90_000,
      retries: 3,
      startPeriodMs: 500,
    });
    expect(api.stopGracePeriodMs).toBe(20_000);
    // deploy.labels are the Swarm service's labels; labels: go on the containers (and the service).
    expect(api.deployLabels).toEqual({ "com.example.tier": "api" });
    expect(api.labels).toEqual({});
    expect(api.command).toEqual(["node", "server.js"]);
  });

  it("accepts a file without version (Compose Spec), and reads an unknown version as the Compose Spec with a warning", () => {
    expect(parseCompose("services:\n  web:\n    image: nginx\n", {}).services).toHaveLength(1);
    const spec = parseCompose('version: "1.0"\nservices:\n  web:\n    image: nginx\n', {});
    expect(spec.services).toHaveLength(1);
    expect(spec.warnings.map((w) => w.path)).toEqual(["version"]);
  });

  it("refuses a reservation larger than the limit", () => {
    const e = catchAppError(() =>
      parseCompose(
        "services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits: {memory: 128M}\n        reservations: {memory: 1g}\n",
        {},
      ),
    );
    expect(paths(e)).toEqual(["services.web.deploy.resources"]);
  });

  it("keeps secrets and configs out of the model and refuses file/environment sources", () => {
    const spec = parseCompose(
      yaml`
      services:
        web: { image: nginx, secrets: [token], configs: [{ source: conf, target: /etc/app.conf }] }
      secrets:
        token: { environment: DATABASE_URL }
      configs:
        conf: { file: ./app.conf }
      `,
      {},
    );
    expect(spec.refused.map((r) => [r.path, r.rule])).toEqual([
      ["secrets.token.environment", "environment-reference"],
      ["configs.conf.file", "file-reference"],
    ]);
  });
});

describe("ports", () => {
  const ports = (list: string) => svc(parseCompose(`services:\n  web:\n    image: nginx\n    ports: ${list}\n`, {}), "web");

  it("reads every short form and the long form", () => {
    const web = ports(
      '[80, "8080:80", "8081:81/udp", "8000-8001:9000-9001", "0.0.0.0:7000:70", {target: 443, published: 8443, protocol: tcp}, {target: 53, protocol: udp}]',
    );
    expect(web.ports).toEqual([
      { target: 80, protocol: "tcp" },
      { target: 80, published: 8080, protocol: "tcp" },
      { target: 81, published: 8081, protocol: "udp" },
      { target: 9000, published: 8000, protocol: "tcp" },
      { target: 9001, published: 8001, protocol: "tcp" },
      { target: 70, published: 7000, protocol: "tcp" },
      { target: 443, published: 8443, protocol: "tcp" },
      { target: 53, protocol: "udp" },
    ]);
    expect(web.refused).toEqual([]);
  });

  it("hands a host IP binding to the policy with a clear message", () => {
    const web = ports('["127.0.0.1:8080:80", {target: 80, host_ip: 10.0.0.1}]');
    expect(web.refused.map((r) => [r.path, r.rule])).toEqual([
      ["services.web.ports[0]", "host-ip"],
      ["services.web.ports[1].host_ip", "host-ip"],
    ]);
    expect(web.refused[0].message).toMatch(/host IP/);
  });

  it("refuses malformed ports, naming each one", () => {
    const e = catchAppError(() => ports('["8000-8002:80-81", "70000", "80/sctp", "a:b", {published: 80}]'));
    expect(paths(e)).toEqual([
      "services.web.ports[0]",
      "services.web.ports[1]",
      "services.web.ports[2]",
      "services.web.ports[3]",
      "services.web.ports[4].target",
    ]);
  });

  it("bounds port range expansion", () => {
    const list = Array.from({ length: 50 }, (_, i) => `"${10000 + i * 1000}-${10999 + i * 1000}"`).join(", ");
    const e = catchAppError(() => ports(`[${list}]`));
    // Line and column of the key are given where the text has it.
    expect(e.details).toEqual([
      {
        path: "services.web.ports",
        message: "A service may publish at most 1000 ports",
        key: "composeProblems.tooManyPorts",
        params: { max: 1000 },
        line: 4,
        column: 5,
      },
    ]);
  });

  it("refuses the same published port twice", () => {
    const e = catchAppError(() => parseCompose('services:\n  a: {image: nginx, ports: ["8080:80"]}\n  b: {image: nginx, ports: ["8080:81"]}\n', {}));
    expect(paths(e)).toEqual(["services.b.ports[0]"]);
  });
});

describe("volumes and mounts", () => {
  it("reads short and long forms, binds kept as written", () => {
    const spec = parseCompose(
      yaml`
      services:
        web:
          image: nginx
          volumes:
            - data:/data
            - /srv/www:/usr/share/nginx/html:ro
            - ./conf:/etc/nginx/conf.d
            - /cache
            - { type: volume, source: data, target: /backup, read_only: true }
            - { type: bind, source: /srv/logs, target: /logs }
            - { type: tmpfs, target: /scratch }
          tmpfs: /run
      volumes:
        data:
          driver: local
          driver_opts: { type: tmpfs, device: tmpfs, o: size=100m }
      `,
      {},
    );
    expect(svc(spec, "web").mounts).toEqual([
      { type: "volume", source: "data", target: "/data", readOnly: false },
      { type: "bind", source: "/srv/www", target: "/usr/share/nginx/html", readOnly: true },
      { type: "bind", source: "./conf", target: "/etc/nginx/conf.d", readOnly: false },
      { type: "volume", target: "/cache", readOnly: false },
      { type: "volume", source: "data", target: "/backup", readOnly: true },
      { type: "bind", source: "/srv/logs", target: "/logs", readOnly: false },
      { type: "tmpfs", target: "/scratch", readOnly: false },
      { type: "tmpfs", target: "/run", readOnly: false },
    ]);
    expect(spec.volumes).toEqual([{ name: "data", driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs", o: "size=100m" } }]);
  });

  it("refuses an undeclared named volume (V2/V3), a relative target and a repeated target", () => {
    const e = catchAppError(() => parseCompose('services:\n  web:\n    image: nginx\n    volumes: ["ghost:/a", "/x:data", "/y:/a"]\n', {}));
    expect(paths(e).sort()).toEqual(["services.web.volumes[0]", "services.web.volumes[1]", "services.web.volumes[2]"]);
  });
});

describe("environment, labels and commands", () => {
  it("reads environment as list or map to the same result", () => {
    const a = parseCompose("services:\n  w:\n    image: nginx\n    environment: [A=1, B=x=y, C=]\n", {});
    const b = parseCompose('services:\n  w:\n    image: nginx\n    environment: {A: 1, B: "x=y", C: ""}\n', {});
    expect(a.services[0].environment).toEqual({ A: "1", B: "x=y", C: "" });
    expect(b.services[0].environment).toEqual(a.services[0].environment);
  });

  it("takes a value-less variable from the app's variables only", () => {
    const spec = parseCompose("services:\n  w:\n    image: nginx\n    environment: [TOKEN, PATH]\n", { TOKEN: "t0k" });
    expect(spec.services[0].environment).toEqual({ TOKEN: "t0k" });
    expect(spec.warnings.map((w) => `${w.path} ${w.message}`).join("\n")).toMatch(/environment\[1\] This variable has no value/);
  });

  it("splits a command string like a shell would, without running anything", () => {
    const spec = parseCompose(
      yaml`
      services:
        w:
          image: nginx
          command: sh -c "echo 'a b' \\"c\\" && sleep 1" ';touch /tmp/pwn'
          entrypoint: ["/bin/tini", "--"]
      `,
      {},
    );
    expect(spec.services[0].command).toEqual(["sh", "-c", "echo 'a b' \"c\" && sleep 1", ";touch /tmp/pwn"]);
    expect(spec.services[0].entrypoint).toEqual(["/bin/tini", "--"]);
  });

  it("refuses an unterminated quote in a command", () => {
    const e = catchAppError(() => parseCompose("services:\n  w:\n    image: nginx\n    command: echo 'oops\n", {}));
    expect(paths(e)).toEqual(["services.w.command"]);
  });

  it("refuses env values that are not strings and env names that are not identifiers", () => {
    const e = catchAppError(() => parseCompose("services:\n  w:\n    image: nginx\n    environment: {GOOD: 1, BAD: [1, 2], 1NO: x, __proto__: y}\n", {}));
    expect(paths(e).sort()).toEqual(["services.w.environment.1NO", "services.w.environment.BAD", "services.w.environment.__proto__"]);
  });
});

describe("interpolation", () => {
  const envOf = (value: string, vars: Record<string, string>) =>
    parseCompose(`services:\n  w:\n    image: nginx\n    environment:\n      V: ${JSON.stringify(value)}\n`, vars).services[0].environment.V;

  it("supports every form, from the variables argument", () => {
    const vars = { A: "a", EMPTY: "" };
    expect(envOf("${A}-$A-$$A-$${A}", vars)).toBe("a-a-$A-${A}");
    expect(envOf("${EMPTY:-d1}/${EMPTY-d2}/${UNSET-d3}/${UNSET:-d4}", vars)).toBe("d1//d3/d4");
    expect(envOf("${A:+set}/${EMPTY:+set}/${EMPTY+set}", vars)).toBe("set//set");
    expect(envOf("${UNSET:-${A}x}", vars)).toBe("ax");
  });

  it("replaces an unset variable with an empty string and notes it", () => {
    const spec = parseCompose('services:\n  w:\n    image: nginx\n    environment: {V: "x${NOPE}y"}\n', {});
    expect(spec.services[0].environment.V).toBe("xy");
    expect(spec.warnings).toContainEqual(
      expect.objectContaining({ path: "services.w.environment.V", message: "Variable NOPE is not set; an empty string was used" }),
    );
  });

  it("never reads the portal's own environment", () => {
    const canary = "postgres://portal:CANARY-SECRET@db/portal";
    process.env.DATABASE_URL = canary;
    try {
      const spec = parseCompose('services:\n  w:\n    image: nginx\n    environment: {A: "${DATABASE_URL}", B: "${HOME}", C: $PATH}\n', {});
      expect(spec.services[0].environment).toEqual({ A: "", B: "", C: "" });
      expect(JSON.stringify(spec)).not.toContain("CANARY-SECRET");
      expect(JSON.stringify(spec)).not.toContain(process.env.HOME ?? "/root");
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it("does not resolve names from Object.prototype", () => {
    expect(envOf("${constructor}|${__proto__}|${toString:-d}", {})).toBe("||d");
  });

  it("fails on :? and ? with the key path and the message", () => {
    const e = catchAppError(() =>
      parseCompose('services:\n  w:\n    image: "nginx:${TAG:?set TAG first}"\n    environment: {X: "${EMPTY?}", Y: "${EMPTY:?must not be empty}"}\n', {
        EMPTY: "",
      }),
    );
    expect(e.code).toBe("VALIDATION");
    expect(e.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "services.w.image", message: "Required variable TAG is not set: set TAG first" }),
        expect.objectContaining({ path: "services.w.environment.Y", message: "Required variable EMPTY is empty: must not be empty" }),
      ]),
    );
    expect(paths(e)).not.toContain("services.w.environment.X");
  });

  it("refuses a lone $ and invalid references", () => {
    const e = catchAppError(() => parseCompose("services:\n  w:\n    image: nginx\n    command: echo $(id) ${A B}\n", {}));
    expect(paths(e)).toEqual(["services.w.command", "services.w.command"]);
    expect(messages(e)).toMatch(/\$\$/);
  });

  it("interpolates after parsing, so a value cannot add YAML structure", () => {
    const spec = parseCompose('services:\n  w:\n    image: nginx\n    environment: {V: "${EVIL}"}\n', { EVIL: "x\nprivileged: true\n  cap_add: [ALL]" });
    expect(spec.services[0].privileged).toBe(false);
    expect(spec.services[0].capAdd).toEqual([]);
    expect(spec.services[0].environment.V).toBe("x\nprivileged: true\n  cap_add: [ALL]");
    // ...and a variable cannot smuggle shell syntax into an image reference.
    const e = catchAppError(() => parseCompose('services:\n  w:\n    image: "nginx:${TAG}"\n', { TAG: "1;touch /tmp/pwn" }));
    expect(paths(e)).toEqual(["services.w.image"]);
  });

  it("interpolates numbers and booleans given as variables", () => {
    const spec = parseCompose('services:\n  w:\n    image: nginx\n    init: ${INIT}\n    deploy: {replicas: "${N}"}\n', { N: "3", INIT: "true" });
    expect(spec.services[0].replicas).toBe(3);
    expect(spec.services[0].init).toBe(true);
  });
});

describe("allow-list parsing", () => {
  it("reports every unknown key with its path, all at once", () => {
    const e = catchAppError(() =>
      parseCompose(
        yaml`
        services:
          web:
            image: nginx
            foo: 1
            deploy: { replicas: 1, bogus: true, resources: { limits: { gpus: 1 } } }
            healthcheck: { test: [CMD, "true"], every: 5s }
        networks2: {}
        `,
        {},
      ),
    );
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toBe("The compose file has 5 problems");
    expect(paths(e).sort()).toEqual(
      ["networks2", "services.web.deploy.bogus", "services.web.deploy.resources.limits.gpus", "services.web.foo", "services.web.healthcheck.every"].sort(),
    );
  });

  it("ignores x- extension keys", () => {
    const spec = parseCompose('x-common: {a: 1}\nservices:\n  web:\n    image: nginx\n    x-note: "${UNSET:?never evaluated}"\n', {});
    expect(spec.services[0].image).toBe("nginx");
  });

  it("requires an image unless build: is given, which goes to the policy", () => {
    const e = catchAppError(() => parseCompose("services:\n  web:\n    ports: [80]\n", {}));
    expect(paths(e)).toEqual(["services.web.image"]);
    const spec = parseCompose("services:\n  web:\n    build: .\n", {});
    expect(spec.services[0].refused).toEqual([expect.objectContaining({ path: "services.web.build", rule: "build" })]);
  });

  it("puts forbidden-but-understood settings into the model without throwing", () => {
    const spec = parseCompose(
      yaml`
      services:
        web:
          image: nginx
          privileged: true
          cap_add: [SYS_ADMIN]
          devices: ["/dev/sda:/dev/sda"]
          pid: host
          ipc: host
          userns_mode: host
          cgroup: host
          security_opt: ["seccomp:unconfined"]
          sysctls: { net.ipv4.ip_forward: 1 }
          env_file: .env
          cgroup_parent: /
      `,
      {},
    );
    const web = spec.services[0];
    expect(web).toMatchObject({
      privileged: true,
      capAdd: ["SYS_ADMIN"],
      devices: ["/dev/sda:/dev/sda"],
      pid: "host",
      ipc: "host",
      usernsMode: "host",
      cgroupns: "host",
      securityOpt: ["seccomp:unconfined"],
      sysctls: { "net.ipv4.ip_forward": "1" },
    });
    expect(web.refused.map((r) => r.rule)).toEqual(["file-reference", "cgroup-parent"]);
  });
});

describe("YAML safety (T12)", () => {
  it("refuses duplicate keys, naming the key", () => {
    const e = catchAppError(() => parseCompose("services:\n  web:\n    image: nginx\n    privileged: false\n    privileged: true\n", {}));
    expect(e.code).toBe("VALIDATION");
    expect(messages(e)).toMatch(/Duplicate key "privileged"/);
    expect(paths(e)).toEqual(["line 5"]);
    // Spelled differently, but the same property once loaded: still a duplicate.
    const quoted = catchAppError(() => parseCompose('services:\n  web:\n    image: nginx\n    privileged: true\n    "privileged": false\n', {}));
    expect(messages(quoted)).toMatch(/Duplicate key "privileged"/);
    const numeric = catchAppError(() => parseCompose('services:\n  web:\n    image: nginx\n    labels: {1: a, "1": b}\n', {}));
    expect(messages(numeric)).toMatch(/Duplicate key "1"/);
  });

  it("expands merge keys, so what an anchor hides is in the model", () => {
    const spec = parseCompose(
      yaml`
      x-base: &base
        privileged: true
        cap_add: [SYS_ADMIN]
      services:
        web:
          <<: *base
          image: nginx
      `,
      {},
    );
    expect(spec.services[0].privileged).toBe(true);
    expect(spec.services[0].capAdd).toEqual(["SYS_ADMIN"]);
  });

  it("refuses an oversize document before parsing it", () => {
    const big = "services:\n  web:\n    image: nginx\n    environment:\n" + "      A: " + "x".repeat(300 * 1024) + "\n";
    const e = catchAppError(() => parseCompose(big, {}));
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toBe("The compose file is too large");
  });

  it("refuses deeply nested documents, flow and block style", () => {
    for (const depth of [100, 5000, 120_000]) {
      const flow = "services: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
      const started = Date.now();
      const e = catchAppError(() => parseCompose(flow, {}));
      expect(e.message).toMatch(/nested too deeply|not valid YAML/);
      expect(messages(e)).toMatch(/nested/);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const block = Array.from({ length: 40 }, (_, i) => " ".repeat(i * 2) + `k${i}:`).join("\n") + " 1\n";
    const e = catchAppError(() => parseCompose(block, {}));
    expect(e.message).toBe("The compose file is nested too deeply");
  });

  it("refuses alias expansion bombs (billion laughs) quickly, by expanded size, not by alias count", () => {
    const levels = "abcdefghi";
    const bomb =
      "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" +
      [...levels.slice(1)].map((l, i) => `x-${l}: &${l} [${Array(10).fill(`*${levels[i]}`).join(", ")}]`).join("\n") +
      "\nservices: {web: {image: nginx, command: *i}}\n";
    const started = Date.now();
    const e = catchAppError(() => parseCompose(bomb, {}));
    expect(e.message).toBe("The compose file expands too much");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(catchAppError(() => parseCompose("x-a: &a [1, *a]\nservices: {web: {image: nginx}}\n", {})).message).toBe("The compose file expands too much");
  });

  it("accepts anchor-heavy files: hundreds of aliases that expand to a normal size", () => {
    const services = Array.from({ length: 150 }, (_, i) => `  s${i}:\n    <<: *defaults\n    image: nginx\n    logging: *logging\n    environment: *env`).join(
      "\n",
    );
    const text = `x-logging: &logging {driver: json-file, options: {max-size: 10m}}\nx-env: &env {A: "1", B: "2"}\nx-defaults: &defaults\n  restart: unless-stopped\n  labels: {com.example.app: sentry}\nservices:\n${services}\n`;
    const spec = parseCompose(text, {});
    expect(spec.services).toHaveLength(150);
    expect(spec.services[0].logging).toEqual({ driver: "json-file", options: { "max-size": "10m" } });
    expect(spec.services[0].restart).toEqual({ condition: "any" });
  });

  it("refuses non-mapping roots, empty files, several documents and custom tags", () => {
    expect(catchAppError(() => parseCompose("- web\n- db\n", {})).message).toMatch(/must be a mapping/);
    expect(catchAppError(() => parseCompose("just a string", {})).message).toMatch(/must be a mapping/);
    expect(catchAppError(() => parseCompose("", {})).message).toMatch(/empty/);
    expect(messages(catchAppError(() => parseCompose("services: {}\n---\nservices: {}\n", {})))).toMatch(/one YAML document/);
    expect(messages(catchAppError(() => parseCompose("services:\n  web:\n    image: !!binary aGk=\n", {})))).toMatch(/tag/);
    expect(messages(catchAppError(() => parseCompose("services:\n  web: {image: nginx}\n? [a, b]\n: 1\n", {})))).toMatch(/plain strings/);
  });

  it("refuses file references without ever reading the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "compose-t12-"));
    try {
      const secretFile = join(dir, "shadow");
      writeFileSync(secretFile, "root:CANARY-FILE-CONTENT:19000::::::\n");
      for (const file of ["../../etc/shadow", secretFile]) {
        const spec = parseCompose(
          `services:\n  web:\n    image: nginx\n    secrets: [s]\n    env_file: ${JSON.stringify(file)}\nsecrets:\n  s: {file: ${JSON.stringify(file)}}\n`,
          {},
        );
        expect(spec.refused).toEqual([expect.objectContaining({ path: "secrets.s.file", rule: "file-reference" })]);
        expect(spec.services[0].refused).toEqual([expect.objectContaining({ path: "services.web.env_file", rule: "file-reference" })]);
        expect(JSON.stringify(spec)).not.toContain("CANARY-FILE-CONTENT");
        expect(JSON.stringify(spec)).not.toContain("root:");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has no way to read files, run commands or read process.env", () => {
    const dir = join(process.cwd(), "lib/compose");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      // Comments may mention process.env (to say it is never used); code may not.
      const src = readFileSync(join(dir, f), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(src, f).not.toMatch(/from\s+["'](node:)?(fs|fs\/promises|child_process|path)["']/);
      expect(src, f).not.toMatch(/process\.env|require\(/);
    }
  });
});

describe("injection canaries in names (T13)", () => {
  const canaries = [";touch /tmp/pwn", "$$(id)", "`id`", "a\nb", "web;rm -rf /"];

  it.each(canaries)("refuses %j in a service name", (c) => {
    const e = catchAppError(() => parseCompose(`services:\n  ${JSON.stringify(c)}:\n    image: nginx\n`, {}));
    expect(e.code).toBe("VALIDATION");
    expect(paths(e)[0]).toMatch(/^services\[/);
  });

  it.each(canaries)("refuses %j in an image, a label key, a volume name and an env name", (c) => {
    const q = JSON.stringify(c);
    const e = catchAppError(() =>
      parseCompose(
        `services:\n  web:\n    image: ${JSON.stringify("nginx" + c)}\n    labels: {${q}: x}\n    environment: {${q}: x}\nvolumes:\n  ${q}: {}\n`,
        {},
      ),
    );
    expect(e.code).toBe("VALIDATION");
    const p = paths(e);
    expect(p).toContain("services.web.image");
    expect(p.some((x) => x.startsWith("services.web.labels["))).toBe(true);
    expect(p.some((x) => x.startsWith("services.web.environment["))).toBe(true);
    expect(p.some((x) => x.startsWith("volumes["))).toBe(true);
  });

  it("maps uppercase service names to lowercase engine-valid names with a warning, references included", () => {
    const spec = parseCompose("services:\n  Web:\n    image: nginx\n    depends_on: [DB]\n    links: [DB]\n  DB:\n    image: postgres\n", {});
    expect(spec.services.map((s) => s.name)).toEqual(["db", "web"]);
    expect(spec.services[1].dependsOn).toEqual(["db"]);
    expect(spec.services[1].links).toEqual([{ service: "db", alias: "db" }]);
    expect(spec.warnings).toContainEqual({
      path: "services.Web",
      message: 'Service "Web" is named "web" on the platform (service names are lowercase)',
      key: "composeWarnings.lowercased",
      params: { name: "Web", lower: "web" },
      line: 2,
      column: 3,
    });
    const e = catchAppError(() => parseCompose("services:\n  Web: {image: nginx}\n  web: {image: nginx}\n", {}));
    expect(paths(e)).toEqual(["services.web"]);
  });

  it("accepts any text in env values, labels values and commands (never run by a shell)", () => {
    const spec = parseCompose(
      yaml`
      services:
        web:
          image: nginx
          environment: { X: ";touch /tmp/pwn", Y: "$$(id) \`id\`" }
          labels: { com.example.note: "line1\\nline2; $$(id)" }
          command: ["sh", "-c", "echo \`id\`; touch /tmp/pwn"]
      `,
      {},
    );
    expect(spec.services[0].environment).toEqual({ X: ";touch /tmp/pwn", Y: "$(id) `id`" });
    expect(spec.services[0].labels["com.example.note"]).toBe("line1\nline2; $(id)");
    expect(spec.services[0].command).toEqual(["sh", "-c", "echo `id`; touch /tmp/pwn"]);
  });
});
