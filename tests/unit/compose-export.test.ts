import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { applyEnvironmentDefaults, exportCompose, parseCompose, type AppSpec } from "@/lib/compose";

const withoutNotes = ({ warnings: _warnings, ...rest }: AppSpec) => rest;

/** export → parse gives the same model (notes aside), and exporting again gives the same text. */
function expectRoundTrip(spec: AppSpec): string {
  const text = exportCompose(spec);
  const again = parseCompose(text, {});
  expect(withoutNotes(again)).toEqual(withoutNotes(spec));
  expect(exportCompose(again)).toBe(text);
  return text;
}

const v1 = `
web:
  image: nginx:1.27
  links: ["db", "db:database"]
  ports: ["8080:80", "8443:443/udp"]
  environment: [A=1, B=two words]
  command: nginx -g "daemon off;"
  restart: on-failure:3
db:
  image: postgres:16
  volumes: ["pgdata:/var/lib/postgresql/data", "/srv/data/init:/docker-entrypoint-initdb.d:ro"]
`;

const v2 = `
version: "2.4"
services:
  app:
    image: registry.example.com:5000/team/app:2.1
    depends_on: [db, cache]
    mem_limit: 512m
    mem_reservation: 100000000
    cpus: 0.3
    scale: 2
    init: true
    tty: true
    stdin_open: true
    user: "1000:1000"
    working_dir: /app
    hostname: app.internal
    tmpfs: /run
    volumes: [{ type: volume, target: /anon }]
  db: { image: "postgres:16", restart: "no" }
  cache: { image: "redis:7", entrypoint: [] , command: [] }
volumes: {}
`;

const v3 = `
services:
  api:
    image: ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    command: ["node", "server.js", "--port=3000"]
    entrypoint: ["/sbin/tini", "--"]
    environment:
      DOLLARS: "$$HOME and $\${NOT_A_VAR} and $$$$"
      MULTI: "line1\\nline2\\n"
      QUOTES: "it's \\"quoted\\" # not a comment"
      NUMBERLIKE: "0123"
      BOOLLIKE: "true"
      EMPTY: ""
      LEADING: "  spaced  "
      UNICODE: "héllo ✓"
    labels: { com.example.tier: api, traefik.http.routers.api.rule: "Host(\`api.example.com\`)" }
    ports: [{ target: 3000, published: 30001 }, "9000/udp"]
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:3000/health"], interval: 1m30s, timeout: 1500ms, retries: 5, start_period: 10s }
    stop_grace_period: 45s
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
    security_opt: [no-new-privileges:true]
    deploy:
      replicas: 3
      resources:
        limits: { cpus: "1.5", memory: 1536M }
        reservations: { cpus: "0.1", memory: 64M }
      restart_policy: { condition: on-failure, delay: 5s, max_attempts: 10 }
      update_config: { parallelism: 1, delay: 250ms, order: start-first, failure_action: rollback }
  worker:
    image: ghcr.io/acme/worker:1
    healthcheck: { disable: true }
    volumes: ["cache:/cache", { type: tmpfs, target: /tmp }]
volumes:
  cache:
    driver: local
    driver_opts: { type: tmpfs, device: tmpfs, o: "size=100m,uid=1000" }
`;

describe("exportCompose", () => {
  it.each([
    ["V1 with links", v1],
    ["V2 with depends_on", v2],
    ["V3 with deploy and awkward strings", v3],
  ])("round-trips %s", (_name, text) => {
    expectRoundTrip(parseCompose(text, {}));
  });

  it("writes Compose Spec text with services and deploy, and escapes $", () => {
    const text = expectRoundTrip(parseCompose(v3, {}));
    const doc = parseYaml(text);
    expect(Object.keys(doc)).toEqual(["services", "volumes"]);
    expect(doc.services.api.deploy.replicas).toBe(3);
    expect(doc.services.api.deploy.resources.limits).toEqual({ cpus: "1.5", memory: "1536m" });
    // The model holds "$HOME"; the file must say "$$HOME" or the re-import would interpolate it.
    expect(doc.services.api.environment.DOLLARS).toBe("$$HOME and $${NOT_A_VAR} and $$$$");
  });

  it("writes leased published ports explicitly", () => {
    const spec = parseCompose('services:\n  web:\n    image: nginx\n    ports: ["80", "443"]\n', {});
    // The port planner leases host ports by filling `published` in the model.
    spec.services[0].ports[0].published = 30010;
    spec.services[0].ports[1].published = 30011;
    const text = expectRoundTrip(spec);
    expect(parseYaml(text).services.web.ports).toEqual([
      { target: 80, published: 30010, protocol: "tcp" },
      { target: 443, published: 30011, protocol: "tcp" },
    ]);
  });

  it("round-trips after environment defaults are applied", () => {
    const spec = applyEnvironmentDefaults(parseCompose(v1, {}), { cpus: 0.25, memoryMb: 300 });
    const text = expectRoundTrip(spec);
    expect(parseYaml(text).services.web.deploy.resources.limits).toEqual({ cpus: "0.25", memory: "300m" });
  });

  it("keeps forbidden settings visible, so a re-import is judged again", () => {
    const spec = parseCompose(
      'services:\n  web:\n    image: nginx\n    privileged: true\n    network_mode: host\n    sysctls: {net.core.somaxconn: "1024"}\n    devices: ["/dev/fuse"]\n',
      {},
    );
    const text = expectRoundTrip(spec);
    expect(parseYaml(text).services.web).toMatchObject({ privileged: true, network_mode: "host", devices: ["/dev/fuse"] });
  });

  it("lists refused keys in a comment instead of exporting them", () => {
    const spec = parseCompose("services:\n  web:\n    image: nginx\n    env_file: .env\nsecrets:\n  s: {file: ../../etc/shadow}\n", {});
    const text = exportCompose(spec);
    expect(text.split("\n")[0]).toBe("# Not exported (refused by the platform policy): secrets.s.file, services.web.env_file");
    expect(text).not.toContain("../../etc/shadow");
    expect(parseCompose(text, {}).refused).toEqual([]);
  });
});
