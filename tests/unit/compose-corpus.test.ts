// Corpus of compose files written for this project in the forms real files use (web + db stacks,
// anchors and x- fields, V1 links, V2 depends_on conditions, every healthcheck form, profiles,
// extends, logging, ulimits, dotted env names, labels with colons, uppercase names, deploy blocks,
// portal secrets and configs, include-only, file secrets, build, privileged …). Each file has its
// expected answer: accepted with exactly these warnings (key paths), or refused by exactly these
// policy rules. No valid Compose file may fail with VALIDATION; every refusal names a rule.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { PLATFORM_LIMITS, applyEnvironmentDefaults, exportCompose, parseCompose, validatePolicy, type AppSpec, type PolicyContext } from "@/lib/compose";

const DIR = join(process.cwd(), "tests/fixtures/compose");

/** A permissive environment: every port in the pool (the pool rule has its own tests), no binds. */
const ctx: PolicyContext = {
  bindAllowList: [],
  portRange: { from: 1, to: 65535 },
  limits: PLATFORM_LIMITS,
  publishing: { endpointMode: "vip", publishMode: "ingress" },
};

const VARIABLES = { DB_PASS: "pw" };

type Expected = { warnings: string[]; profiles?: string[] } | { refused: string[] };

const EXPECTED: [string, Expected][] = [
  ["01-web-db-v3.yml", { warnings: [] }],
  ["02-spec-no-version.yml", { warnings: [] }],
  ["03-v1-links.yml", { warnings: ["services.mysql.volumes[0]"] }],
  ["04-v2-depends-conditions.yml", { warnings: ["services.migrate.depends_on.db.condition", "services.web.depends_on.migrate.condition"] }],
  ["05-anchors-x-fields.yml", { warnings: [] }],
  ["06-healthcheck-forms.yml", { warnings: [] }],
  ["07-profiles.yml", { warnings: ["services.debug.profiles", "services.docs.profiles"] }],
  ["08-extends-same-file.yml", { warnings: [] }],
  ["09-logging-ulimits.yml", { warnings: [] }],
  ["10-env-dots-labels-colons.yml", { warnings: [] }],
  ["11-uppercase-names.yml", { warnings: ["services.Frontend", "services.Backend"] }],
  ["12-deploy-full.yml", { warnings: [] }],
  ["13-global-mode.yml", { warnings: [] }],
  ["14-secrets-external.yml", { warnings: [] }],
  ["15-configs-external.yml", { warnings: [] }],
  ["16-include-only.yml", { refused: ["file-reference"] }],
  ["17-file-secrets.yml", { refused: ["file-reference"] }],
  ["18-build.yml", { refused: ["build"] }],
  ["19-privileged.yml", { refused: ["privileged"] }],
  ["20-network-aliases.yml", { warnings: ["networks.backend", "networks.frontend"] }],
  ["21-stop-signal-grace.yml", { warnings: [] }],
  ["22-read-only-tmpfs.yml", { warnings: [] }],
  ["23-dns-extra-hosts.yml", { warnings: [] }],
  ["24-hostname-domainname.yml", { warnings: ["services.mail.container_name", "services.mail.domainname"] }],
  ["25-v1-logging.yml", { warnings: [] }],
  ["26-v1-syslog.yml", { refused: ["logging"] }],
  ["27-v2-resources.yml", { warnings: ["services.java.cpu_shares"] }],
  ["28-command-entrypoint-forms.yml", { warnings: [] }],
  ["29-env-no-value.yml", { warnings: ["services.app.environment[1]"] }],
  [
    "30-harmless-ignored.yml",
    {
      warnings: [
        "services.app.expose",
        "services.app.container_name",
        "services.app.platform",
        "services.app.attach",
        "services.app.shm_size",
        "services.app.mem_swappiness",
        "services.app.oom_score_adj",
        "services.app.pull_policy",
      ],
    },
  ],
  ["31-uts-host.yml", { refused: ["host-namespaces"] }],
  ["32-runtime.yml", { refused: ["runtime"] }],
  ["33-device-cgroup-rules.yml", { refused: ["devices"] }],
  ["34-storage-opt.yml", { refused: ["storage-opt"] }],
  ["35-label-file.yml", { refused: ["file-reference"] }],
  ["36-userns-host.yml", { refused: ["host-namespaces"] }],
  ["37-cgroup-parent.yml", { refused: ["cgroup-parent"] }],
  ["38-gpus.yml", { refused: ["devices"] }],
  ["39-blkio.yml", { refused: ["devices"] }],
  ["40-blkio-weight-only.yml", { warnings: ["services.db.blkio_config.weight"] }],
  ["41-volumes-from.yml", { refused: ["volumes-from"] }],
  ["42-network-mode-host.yml", { refused: ["host-namespaces"] }],
  ["43-network-mode-service.yml", { refused: ["host-namespaces"] }],
  ["44-pid-ipc.yml", { refused: ["host-namespaces"] }],
  ["45-security-opt.yml", { refused: ["security-opt"] }],
  ["46-cap-add.yml", { refused: ["capabilities"] }],
  ["47-devices.yml", { refused: ["devices"] }],
  ["48-sysctls.yml", { refused: ["sysctls"] }],
  ["49-docker-socket.yml", { refused: ["docker-socket"] }],
  ["50-bind-relative.yml", { refused: ["bind-mount"] }],
  ["51-env-file.yml", { refused: ["file-reference"] }],
  ["52-extends-file.yml", { refused: ["file-reference"] }],
  ["53-reset-override.yml", { warnings: [] }],
  ["54-v2-networks-folded.yml", { warnings: ["networks.front", "networks.back", "services.db.networks.back.ipv4_address"] }],
  ["55-v1-restart-job.yml", { warnings: [] }],
  ["56-x-extension-top-and-service.yml", { warnings: [] }],
  ["57-long-ports-volumes.yml", { warnings: [] }],
  [
    "58-depends-on-extra.yml",
    { warnings: ["services.app.depends_on.redis.restart", "services.app.depends_on.search.condition", "services.app.depends_on.search.required"] },
  ],
  ["59-develop-annotations.yml", { warnings: ["services.web.annotations", "services.web.develop", "services.web.post_start"] }],
  ["60-external-volume.yml", { refused: ["external-resource"] }],
  ["61-inline-config-content.yml", { refused: ["inline-content"] }],
  ["62-isolation-oom.yml", { refused: ["isolation", "oom-kill-disable"] }],
  ["63-gitea-like.yml", { warnings: ["networks.gitea", "services.server.container_name"] }],
  ["64-traefik-swarm.yml", { warnings: [] }],
  ["65-interpolation.yml", { warnings: [] }],
  ["66-logging-fluentd.yml", { refused: ["logging"] }],
  ["67-external-links.yml", { refused: ["external-links"] }],
  ["68-job-mode.yml", { refused: ["unsupported"] }],
  [
    "69-mac-cpuset-misc.yml",
    { warnings: ["services.app.memswap_limit", "services.app.cpu_quota", "services.app.cpuset", "services.app.mac_address", "services.app.group_add"] },
  ],
  ["70-top-name-models.yml", { warnings: ["name", "services.app.network_mode"] }],
  ["71-include-and-services.yml", { refused: ["file-reference"] }],
  ["72-v3-restart-no-deploy.yml", { warnings: [] }],
];

function load(file: string, profiles?: string[]): AppSpec {
  return parseCompose(readFileSync(join(DIR, file), "utf8"), VARIABLES, { profiles });
}

function outcome(file: string, profiles?: string[]): { spec?: AppSpec; error?: AppError } {
  try {
    const spec = load(file, profiles);
    validatePolicy(applyEnvironmentDefaults(spec, { cpus: 0.5, memoryMb: 256 }), ctx);
    return { spec };
  } catch (e) {
    if (e instanceof AppError) return { error: e };
    throw e;
  }
}

describe("compose corpus", () => {
  it("has at least 60 files, each with an expected answer", () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".yml"))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(EXPECTED.map(([f]) => f).sort()).toEqual(files);
  });

  it.each(EXPECTED)("%s", (file, expected) => {
    const { spec, error } = outcome(file, "warnings" in expected ? expected.profiles : undefined);
    if ("refused" in expected) {
      expect(error?.code, JSON.stringify(error?.details ?? spec?.warnings)).toBe("POLICY");
      const details = error!.details ?? [];
      // Every refusal names a rule and a key path.
      for (const d of details) {
        expect(d.rule).toBeTruthy();
        expect(d.path).toBeTruthy();
      }
      expect([...new Set(details.map((d) => d.rule))].sort()).toEqual(expected.refused);
    } else {
      expect(error, JSON.stringify(error?.details)).toBeUndefined();
      expect(spec!.warnings.map((w) => w.path).sort()).toEqual([...expected.warnings].sort());
      // Every warning says something and points at the text where it can.
      for (const w of spec!.warnings) expect(w.message.length).toBeGreaterThan(10);
      // The export of an accepted file re-imports to the same model, without the warnings.
      const again = parseCompose(exportCompose(spec!), {});
      expect({ ...again, warnings: [] }).toEqual({ ...spec!, warnings: [] });
    }
  });
});

describe("what the corpus files mean", () => {
  const svc = (spec: AppSpec, name: string) => spec.services.find((s) => s.name === name)!;

  it("profiles: services with a profile run only when asked for", () => {
    expect(load("07-profiles.yml").services.map((s) => s.name)).toEqual(["app"]);
    expect(load("07-profiles.yml", ["debug"]).services.map((s) => s.name)).toEqual(["app", "debug"]);
    expect(load("07-profiles.yml", ["dev"]).services.map((s) => s.name)).toEqual(["app", "docs"]);
    expect(load("07-profiles.yml", ["*"]).services.map((s) => s.name)).toEqual(["app", "debug", "docs"]);
    expect(load("07-profiles.yml", ["debug"]).warnings.map((w) => w.path)).toEqual(["services.docs.profiles"]);
  });

  it("extends: mappings merged, lists in either form merged as mappings", () => {
    const spec = load("08-extends-same-file.yml");
    expect(svc(spec, "billing").environment).toEqual({ LOG_FORMAT: "json", REGION: "eu", SERVICE: "billing" });
    expect(svc(spec, "shipping").environment).toEqual({ LOG_FORMAT: "json", REGION: "us", SERVICE: "shipping" });
    expect(svc(spec, "billing").labels).toEqual({ "com.example.team": "platform" });
    expect(svc(spec, "billing").capDrop).toEqual(["ALL"]);
    expect(svc(spec, "shipping").ports).toEqual([]);
  });

  it("!reset and !override", () => {
    const spec = load("53-reset-override.yml");
    expect(svc(spec, "quiet").ports).toEqual([]);
    expect(svc(spec, "quiet").command).toBeUndefined();
    expect(svc(spec, "quiet").environment).toEqual({ A: "1", B: "2" });
    expect(svc(spec, "custom").environment).toEqual({ C: "3" });
    expect(svc(spec, "custom").ports).toEqual([{ target: 80, published: 9090, protocol: "tcp" }]);
    expect(svc(spec, "custom").command).toEqual(["serve", "--verbose"]);
  });

  it("Compose V1/V2 services without restart: are not restarted once they end (on-failure); V3 keeps Swarm's default", () => {
    const v1 = load("55-v1-restart-job.yml");
    expect(svc(v1, "init").restart).toEqual({ condition: "on-failure" });
    expect(svc(v1, "app").restart).toEqual({ condition: "any" });
    expect(svc(load("04-v2-depends-conditions.yml"), "migrate").restart).toEqual({ condition: "on-failure" });
    const v3 = load("72-v3-restart-no-deploy.yml");
    expect(svc(v3, "oneshot").restart).toEqual({ condition: "none" });
    expect(svc(v3, "daemon").restart).toEqual({ condition: "any" });
  });

  it("anchors, merge keys and x- fields are expanded before anything is judged", () => {
    const spec = load("05-anchors-x-fields.yml");
    expect(svc(spec, "scheduler").environment).toEqual({ TZ: "Europe/Berlin", LOG_LEVEL: "info", SCHEDULE: "*/5 * * * *" });
    expect(svc(spec, "worker").logging).toEqual({ driver: "json-file", options: { "max-size": "10m", "max-file": "3" } });
    expect(svc(spec, "api").healthcheck).toEqual({
      test: ["CMD-SHELL", "curl -fsS http://localhost:9000/health"],
      intervalMs: 30_000,
      timeoutMs: 10_000,
      retries: 3,
    });
  });

  it("portal secrets and configs are references with targets", () => {
    const s = load("14-secrets-external.yml");
    expect(s.secrets).toEqual([
      { name: "db_password", externalName: "db_password" },
      { name: "tls_key", externalName: "shop-tls-key" },
    ]);
    expect(svc(s, "db").secrets).toEqual([
      { source: "db_password", target: "db_password" },
      { source: "tls_key", target: "server.key", uid: "999", gid: "999", mode: 0o400 },
    ]);
    const c = load("15-configs-external.yml");
    expect(c.configs).toEqual([
      { name: "haproxy_cfg", externalName: "haproxy_cfg" },
      { name: "site_map", externalName: "proxy-site-map" },
    ]);
    expect(svc(c, "proxy").configs).toEqual([
      { source: "haproxy_cfg", target: "/usr/local/etc/haproxy/haproxy.cfg" },
      { source: "site_map", target: "/site_map" },
    ]);
  });
});
