// Property test: for any normalized model (as the parser makes them), the exported Compose text
// re-imports to the same model. Models come from a small seeded generator (fast-check is not a
// dependency); a failing seed is printed so the case can be replayed.
import { describe, expect, it } from "vitest";
import { exportCompose, parseCompose, type AppSpec, type MountSpec, type ServiceSpec } from "@/lib/compose";

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const maybe = (p = 0.5) => next() < p;
  const some = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: int(0, n) }, (_, i) => f(i));
  return { int, pick, maybe, some };
}

type R = ReturnType<typeof rng>;

const TEXT = [
  "",
  "plain",
  "with space",
  "$HOME",
  "$${not}",
  "a=b",
  "quote'\"",
  "line1\nline2",
  "ünïcödé",
  "#hash",
  ": colon",
  "- dash",
  "true",
  "0440",
  "null",
  "{x}",
];
const ENV_KEYS = ["A", "PATH", "spring.profiles.active", "JAVA-OPTS", "_under", "x.y.z"];
const LABEL_KEYS = ["com.example.role", "traefik.http.routers.web.rule", "io.example:owner", "Team", "a/b"];
const SIGNALS = ["SIGTERM", "SIGQUIT", "SIGINT", "SIGRTMIN+3", "9"];

function sorted<T extends { name: string }>(xs: T[]): T[] {
  return xs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function record(r: R, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (r.maybe(0.4)) out[k] = r.pick(TEXT);
  return out;
}

function genApp(seed: number): AppSpec {
  const r = rng(seed);
  const volumes = sorted(
    ["data", "cache.v1", "Logs"]
      .filter(() => r.maybe())
      .map((name) => ({
        name,
        driverOpts: (r.maybe(0.3) ? { type: "tmpfs", device: "tmpfs", o: "size=100m" } : {}) as Record<string, string>,
        ...(r.maybe(0.3) ? { driver: "local" } : {}),
      })),
  );
  const secrets = ["db_password", "tls.key"].filter(() => r.maybe()).map((name) => ({ name, externalName: r.maybe() ? name : `${name}-v2` }));
  const configs = ["app_conf"].filter(() => r.maybe()).map((name) => ({ name, externalName: name }));
  const names = ["api", "db", "web.front", "worker_1"].filter(() => r.maybe(0.7));
  if (names.length === 0) names.push("solo");
  let nextPort = 30000;
  const services: ServiceSpec[] = names.map((name, idx) => {
    const earlier = names.slice(0, idx);
    const mounts: MountSpec[] = [];
    const targets = ["/data", "/cache", "/tmp/x", "/srv/app", "/run/y"];
    for (const target of targets) {
      if (!r.maybe(0.3)) continue;
      const kind = r.pick(["volume", "anon", "bind", "tmpfs"] as const);
      if (kind === "volume" && volumes.length > 0) {
        mounts.push({ type: "volume", source: r.pick(volumes).name, target, readOnly: r.maybe(), ...(r.maybe(0.3) ? { noCopy: true } : {}) });
      } else if (kind === "bind") mounts.push({ type: "bind", source: r.pick(["/srv/data", "/opt/x y"]), target, readOnly: r.maybe() });
      else if (kind === "tmpfs") {
        mounts.push({
          type: "tmpfs",
          target,
          readOnly: false,
          ...(r.maybe() ? { tmpfsSizeBytes: r.int(1, 512) * 1024 * 1024 } : {}),
          ...(r.maybe() ? { tmpfsMode: r.pick([0o1777, 0o700, 0o755]) } : {}),
        });
      } else mounts.push({ type: "volume", target, readOnly: r.maybe() });
    }
    const s: ServiceSpec = {
      name,
      image: r.pick(["nginx:1.27", "ghcr.io/acme/api:2@sha256:" + "a".repeat(64), "registry.example.com:5000/team/app", "busybox"]),
      environment: record(r, ENV_KEYS),
      labels: record(r, LABEL_KEYS),
      replicas: r.int(0, 5),
      ports: r.some(2, () => ({ target: r.int(1, 9000), protocol: r.pick(["tcp", "udp"] as const), ...(r.maybe() ? { published: nextPort++ } : {}) })),
      mounts,
      links: earlier.filter(() => r.maybe(0.3)).map((service) => ({ service, alias: r.maybe() ? service : `${service.replace(/[._]/g, "-")}-alias` })),
      dependsOn: earlier.filter(() => r.maybe(0.4)).sort(),
      resources: {
        ...(r.maybe() ? { cpus: r.pick([0.25, 0.5, 1, 1.5, 2]) } : {}),
        ...(r.maybe() ? { memoryBytes: r.pick([64, 256, 1024]) * 1024 * 1024 } : {}),
      },
      restart: {
        condition: r.pick(["none", "on-failure", "any"] as const),
        ...(r.maybe() ? { maxAttempts: r.int(0, 10) } : {}),
        ...(r.maybe() ? { delayMs: r.pick([500, 1000, 90_000]) } : {}),
        ...(r.maybe() ? { windowMs: r.pick([1000, 120_000]) } : {}),
      },
      update: {
        ...(r.maybe() ? { parallelism: r.int(0, 3) } : {}),
        ...(r.maybe() ? { delayMs: r.pick([0, 1500, 10_000]) } : {}),
        ...(r.maybe() ? { order: r.pick(["stop-first", "start-first"] as const) } : {}),
        ...(r.maybe() ? { failureAction: r.pick(["pause", "continue", "rollback"] as const) } : {}),
        ...(r.maybe() ? { monitorMs: r.pick([2000, 30_000]) } : {}),
        ...(r.maybe() ? { maxFailureRatio: r.pick([0, 0.2, 1]) } : {}),
      },
      secrets: secrets
        .filter(() => r.maybe())
        .map((o) => ({
          source: o.name,
          target: r.maybe() ? o.name : r.pick(["server.key", "/etc/ssl/private/key.pem"]),
          ...(r.maybe(0.3) ? { uid: "999", gid: "0" } : {}),
          ...(r.maybe(0.3) ? { mode: r.pick([0o400, 0o440, 0o644]) } : {}),
        })),
      configs: configs.filter(() => r.maybe()).map((o) => ({ source: o.name, target: r.maybe() ? `/${o.name}` : "/etc/app/app.conf" })),
      privileged: r.maybe(0.1),
      capAdd: r.maybe(0.2) ? ["NET_BIND_SERVICE"] : [],
      capDrop: r.maybe(0.3) ? ["ALL"] : [],
      devices: [],
      securityOpt: [],
      sysctls: {},
      refused: [],
    };
    if (r.maybe(0.3)) s.command = r.some(3, () => r.pick(TEXT));
    if (r.maybe(0.2)) s.entrypoint = r.some(2, () => r.pick(["/bin/sh", "-c", 'exec "$@"']));
    if (r.maybe(0.3)) s.workingDir = "/srv/app";
    if (r.maybe(0.3)) s.user = r.pick(["1000", "app:app", "nobody"]);
    if (r.maybe(0.3)) s.hostname = r.pick(["web", "mail.example.org"]);
    if (r.maybe(0.4)) {
      s.healthcheck = r.maybe(0.2)
        ? { disable: true }
        : {
            test: r.maybe() ? ["CMD", "curl", "-f", "http://localhost/"] : ["CMD-SHELL", "pg_isready || exit 1"],
            ...(r.maybe() ? { intervalMs: 30_000 } : {}),
            ...(r.maybe() ? { timeoutMs: 1500 } : {}),
            ...(r.maybe() ? { retries: r.int(0, 5) } : {}),
            ...(r.maybe() ? { startPeriodMs: 500 } : {}),
          };
    }
    if (r.maybe(0.2)) s.rollback = { ...(r.maybe() ? { parallelism: 2 } : {}), ...(r.maybe() ? { failureAction: "pause" as const } : {}) };
    if (r.maybe(0.2)) s.mode = "global"; // "replicated" is the default, kept as absent
    if (r.maybe(0.2)) s.endpointMode = r.pick(["vip", "dnsrr"] as const);
    if (r.maybe(0.2)) {
      s.placement = {
        ...(r.maybe() ? { constraints: ["node.role == worker", "node.labels.zone != edge"].slice(0, r.int(1, 2)) } : {}),
        ...(r.maybe() ? { preferences: ["node.labels.zone"] } : {}),
        ...(r.maybe() ? { maxReplicasPerNode: r.int(0, 4) } : {}),
      };
      if (Object.keys(s.placement).length === 0) delete s.placement;
    }
    if (r.maybe(0.3)) s.deployLabels = { "traefik.enable": "true", ...record(r, LABEL_KEYS) };
    if (r.maybe(0.2)) s.networkAliases = ["search", "search.internal"].slice(0, r.int(1, 2));
    if (r.maybe(0.3)) s.init = r.maybe();
    if (r.maybe(0.2)) s.tty = r.maybe();
    if (r.maybe(0.2)) s.stdinOpen = r.maybe();
    if (r.maybe(0.3)) s.readOnly = r.maybe();
    if (r.maybe(0.3)) s.stopSignal = r.pick(SIGNALS);
    if (r.maybe(0.3)) s.stopGracePeriodMs = r.pick([0, 1500, 90_000]);
    if (r.maybe(0.3))
      s.ulimits = [
        { name: "memlock", soft: -1, hard: -1 },
        { name: "nofile", soft: 1024, hard: 65536 },
      ].slice(r.int(0, 1));
    if (r.maybe(0.2)) s.pidsLimit = r.int(1, 500);
    if (r.maybe(0.2)) s.dns = ["1.1.1.1", "2606:4700:4700::1111"].slice(0, r.int(1, 2));
    if (r.maybe(0.2)) s.dnsSearch = ["corp.example.com"];
    if (r.maybe(0.2)) s.dnsOptions = ["ndots:2"];
    if (r.maybe(0.2))
      s.extraHosts = [
        { host: "legacy.example.com", ip: "10.0.0.5" },
        { host: "v6.local", ip: "::1" },
        { host: "gw", ip: "host-gateway" },
      ].slice(0, r.int(1, 3));
    if (r.maybe(0.2))
      s.logging = r.maybe() ? { driver: "json-file", options: r.maybe() ? { "max-size": "10m", "max-file": "3" } : {} } : { driver: "none", options: {} };
    return s;
  });
  return { services: sorted(services), volumes, secrets, configs, refused: [], warnings: [] };
}

describe("export → import is the identity on normalized models", () => {
  // A generous timeout: the machine running the tests is shared, and 300 parses take a second or two.
  it("holds for 300 generated models", { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 300; seed++) {
      const spec = genApp(seed);
      const text = exportCompose(spec);
      let again: AppSpec;
      try {
        again = parseCompose(text, {});
      } catch (e) {
        throw new Error(`seed ${seed}: the export does not re-import: ${JSON.stringify((e as { details?: unknown }).details)}\n${text}`);
      }
      expect({ ...again, warnings: [] }, `seed ${seed}\n${text}`).toEqual(spec);
    }
  });

  it("drops keys that were ignored with a warning: the warning is not exported, nor is the key", () => {
    const spec = parseCompose("services:\n  web:\n    image: nginx\n    container_name: x\n    shm_size: 1g\n    expose: ['80']\n", {});
    expect(spec.warnings.map((w) => w.path)).toEqual(["services.web.expose", "services.web.container_name", "services.web.shm_size"]);
    const text = exportCompose(spec);
    expect(text).not.toMatch(/container_name|shm_size|expose/);
    expect(parseCompose(text, {}).warnings).toEqual([]);
  });

  it("exports portal secret and config references, never values", () => {
    const spec = parseCompose(
      "services:\n  db:\n    image: postgres\n    secrets: [{source: pw, target: db.pw, mode: 0400}]\n    configs: [conf]\nsecrets:\n  pw: {name: shop-db-password, external: true}\nconfigs:\n  conf: {external: true}\n",
      {},
    );
    const text = exportCompose(spec);
    expect(text).toContain("shop-db-password");
    expect(text).toContain('mode: "0400"');
    expect(parseCompose(text, {})).toEqual({ ...spec, warnings: [] });
  });
});
