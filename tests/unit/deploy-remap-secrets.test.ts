// Issue 10 items 3 and 4 without an engine: remapped ports (plan, lease rows, export round trip),
// the pool refusal's wording, the swarm objects a deploy makes for portal secrets/configs (names,
// creation before the services, ids in the specs, pruning), and secret app variables (sealed,
// hidden). Fakes are parameters.
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { exportCompose, parseCompose, type AppSpec } from "@/lib/compose";
import type { Engine, EngineServiceSpec } from "@/lib/docker";
import type { Tx } from "@/lib/db";
import { deployApp, pruneSwarmObjects, swarmObjectName, type SwarmFile } from "@/lib/orchestrator";
import { planPorts } from "@/lib/ports/lease-ports";
import { portMappingsOf, remapOutOfPoolPorts } from "@/lib/ports/remap-ports";
import { checkCompose, type PolicyEnvironment } from "@/lib/apps/revision-policy";
import { hideSecretValues, revisionColumns, revisionSpecJson, revisionVariables, variablesFromInput } from "@/lib/apps/app-variables";

beforeAll(() => {
  process.env.CAAS_SECRET_KEY = "unit-test-key-unit-test-key-unit-test-key";
});

const env = (p: Partial<PolicyEnvironment> = {}): PolicyEnvironment => ({
  id: "env1",
  tenantId: "t1",
  portFrom: 30100,
  portTo: 30199,
  defaultCpus: 0.5,
  defaultMemoryMb: 256,
  bindAllowList: "[]",
  endpointMode: "dnsrr",
  publishMode: "host",
  ...p,
});

const FIXED = "services:\n  web:\n    image: nginx\n    ports: ['80:80', '30150:8080', '443']\n  db:\n    image: postgres\n    ports: ['5432:5432']\n";

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

async function caughtAsync(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

type Lease = {
  id: string;
  serviceId: string | null;
  protocol: string;
  port: number;
  targetPort: number;
  requestedPort: number | null;
  tenantId?: string;
  service: { name: string } | null;
};
const reader = (rows: Lease[]) => ({ portLease: { findMany: async () => rows } }) as unknown as Pick<Tx, "portLease">;
const pool = { id: "env1", tenantId: "t1", portFrom: 30100, portTo: 30199 };

describe("ports outside the pool", () => {
  it("are refused by rule port-range with the pool and the remapPorts fix named", () => {
    const e = caught(() => checkCompose(env(), FIXED, {}));
    expect(e.code).toBe("POLICY");
    const d = e.details!.filter((x) => x.rule === "port-range");
    expect(d.map((x) => x.path)).toEqual(["services.db.ports[0]", "services.web.ports[0]"]);
    expect(d[0].message).toContain("30100–30199");
    expect(d[0].message).toContain("remapPorts: true");
  });

  it("with remapPorts every out-of-pool port asks the pool instead, keeping the one it asked for", () => {
    const spec = checkCompose(env(), FIXED, {}, { remapPorts: true }).copy();
    const web = spec.services.find((s) => s.name === "web")!;
    expect(web.ports).toEqual([
      { target: 80, protocol: "tcp", requested: 80 },
      { target: 8080, protocol: "tcp", published: 30150 },
      { target: 443, protocol: "tcp" },
    ]);
    expect(remapOutOfPoolPorts(spec, { from: 1, to: 65535 })).toEqual(spec);
  });

  it("the plan leases the lowest free pool ports, reuses a service's earlier lease and reports the mapping", async () => {
    const spec = checkCompose(env(), FIXED, {}, { remapPorts: true }).copy();
    const services = spec.services.map((s) => ({ serviceId: `id-${s.name}`, serviceName: s.name, ports: s.ports }));
    const taken: Lease[] = [
      { id: "l1", serviceId: "other", protocol: "tcp", port: 30100, targetPort: 1, requestedPort: null, service: { name: "x" } },
      { id: "l2", serviceId: "id-db", protocol: "tcp", port: 30190, targetPort: 5432, requestedPort: 5432, service: { name: "db" } },
    ];
    const planned = await planPorts(reader(taken), pool, services);
    expect(planned.get("db")).toEqual([{ target: 5432, protocol: "tcp", requested: 5432, published: 30190 }]);
    expect(planned.get("web")).toEqual([
      { target: 80, protocol: "tcp", requested: 80, published: 30101 },
      { target: 8080, protocol: "tcp", published: 30150 },
      { target: 443, protocol: "tcp", published: 30102 },
    ]);
    const resolved: AppSpec = { ...spec, services: spec.services.map((s) => ({ ...s, ports: planned.get(s.name)! })) };
    expect(portMappingsOf(resolved)).toEqual([
      { service: "db", target: 5432, protocol: "tcp", requested: 5432, published: 30190 },
      { service: "web", target: 80, protocol: "tcp", requested: 80, published: 30101 },
    ]);
  });

  it("the plan refuses a port another service holds, and an exhausted pool, naming the pool", async () => {
    const held: Lease[] = [
      { id: "l1", serviceId: "other", protocol: "tcp", port: 30150, targetPort: 1, requestedPort: null, tenantId: "t1", service: { name: "api" } },
    ];
    const e = await caughtAsync(
      planPorts(reader(held), pool, [{ serviceId: "s", serviceName: "web", ports: [{ target: 80, protocol: "tcp", published: 30150 }] }]),
    );
    expect(e.code).toBe("CONFLICT");
    expect(e.details![0]).toMatchObject({ path: "services.web.ports[0]" });
    expect(e.message).toContain('service "api"');
    // a shared environment: another tenant's service is never named (issue 16)
    const theirs = await caughtAsync(
      planPorts(reader([{ ...held[0], tenantId: "t2" }]), pool, [
        { serviceId: "s", serviceName: "web", ports: [{ target: 80, protocol: "tcp", published: 30150 }] },
      ]),
    );
    expect(theirs.code).toBe("CONFLICT");
    expect(theirs.message).not.toContain("api");
    expect(theirs.message).toContain("another app");
    const tiny = { ...pool, portFrom: 30100, portTo: 30100 };
    const f = await caughtAsync(
      planPorts(reader([]), tiny, [
        {
          serviceId: "s",
          serviceName: "web",
          ports: [
            { target: 1, protocol: "tcp" },
            { target: 2, protocol: "tcp" },
          ],
        },
      ]),
    );
    expect(f.message).toContain("30100–30100");
  });

  it("the export writes the leased port and the requested one, and re-imports to the same model", async () => {
    const spec = checkCompose(env(), FIXED, {}, { remapPorts: true }).copy();
    const planned = await planPorts(
      reader([]),
      pool,
      spec.services.map((s) => ({ serviceId: s.name, serviceName: s.name, ports: s.ports })),
    );
    const resolved: AppSpec = { ...spec, services: spec.services.map((s) => ({ ...s, ports: planned.get(s.name)! })) };
    const text = exportCompose(resolved);
    expect(text).toContain("x-caas-requested-port: 80");
    expect(text).not.toMatch(/published: 80\b/);
    const again = parseCompose(text, {});
    expect(again.services.map((s) => s.ports)).toEqual(resolved.services.map((s) => s.ports));
    // …and deploys again without remapPorts: every published port is in the pool now
    expect(checkCompose(env(), text, {}).spec.services.map((s) => s.ports)).toEqual(resolved.services.map((s) => s.ports));
  });
});

/** An engine that records calls and keeps swarm objects in memory. */
function fakeEngine() {
  const calls: string[] = [];
  const objects: { kind: string; id: string; name: string; labels: Record<string, string>; data: string }[] = [];
  const created: EngineServiceSpec[] = [];
  let n = 0;
  const engine = {
    listNetworks: async () => [],
    createNetwork: async () => (calls.push("createNetwork"), "net1"),
    listServices: async () => [],
    createService: async (spec: EngineServiceSpec) => (calls.push(`createService ${spec.Name}`), created.push(spec), { id: `svc${++n}`, warnings: [] }),
    listSwarmObjects: async (kind: string) => objects.filter((o) => o.kind === kind).map(({ id, name, labels }) => ({ id, name, labels, createdAt: "" })),
    createSwarmObject: async (kind: string, s: { name: string; labels: Record<string, string>; data: string }) => {
      calls.push(`create ${kind} ${s.name}`);
      const id = `${kind}-${++n}`;
      objects.push({ kind, id, ...s });
      return id;
    },
    removeSwarmObject: async (kind: string, id: string) => {
      calls.push(`remove ${kind} ${id}`);
      objects.splice(
        objects.findIndex((o) => o.id === id),
        1,
      );
    },
  } as unknown as Engine;
  return { engine, calls, objects, created };
}

const WITH_SECRETS = `services:
  web:
    image: nginx
    secrets: [db_pw, { source: tls, target: /etc/tls.pem, mode: 0400, uid: "101" }]
    configs: [{ source: conf, target: /etc/app.conf }]
secrets:
  db_pw: { external: true }
  tls: { name: shared-tls }
configs:
  conf: { external: true }
`;

const file = (kind: "secret" | "config", key: string, name: string, version = 1): SwarmFile => ({
  kind,
  key,
  name,
  version,
  fingerprint: `fp${version}abcd`,
  data: `value-of-${name}`,
});

describe("portal secrets and configs on the engine", () => {
  it("names are portal-chosen, versioned, at most 64 valid characters", () => {
    const appId = "cm1234567890abcdefghijklm";
    expect(swarmObjectName(appId, { name: "db_pw", version: 3, fingerprint: "0a1b2c3d" })).toBe(`caas-${appId}-db_pw-v3-0a1b2c3d`);
    const long = swarmObjectName(appId, { name: "a".repeat(60) + "-.x", version: 12, fingerprint: "0a1b2c3d" });
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/);
    expect(swarmObjectName(appId, { name: "x", version: 2, fingerprint: "ff" })).not.toBe(swarmObjectName(appId, { name: "x", version: 1, fingerprint: "ff" }));
  });

  it("a deploy creates the objects before the services and refers to them by id, with file name, owner and mode", async () => {
    const checked = checkCompose(env(), WITH_SECRETS, {});
    const f = fakeEngine();
    const files = [file("secret", "db_pw", "db_pw"), file("secret", "tls", "shared-tls", 2), file("config", "conf", "conf")];
    await deployApp(f.engine, { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r1", app: checked, files });
    const firstService = f.calls.findIndex((c) => c.startsWith("createService"));
    expect(f.calls.filter((c) => c.startsWith("create secret") || c.startsWith("create config")).length).toBe(3);
    expect(f.calls.findIndex((c) => c.startsWith("create secret"))).toBeLessThan(firstService);
    expect(f.objects.every((o) => o.labels["caas.app"] === "app1")).toBe(true);
    const cs = f.created[0].TaskTemplate.ContainerSpec;
    const byName = new Map(f.objects.map((o) => [o.name, o.id]));
    expect(cs.Secrets).toEqual([
      {
        File: { Name: "db_pw", UID: "0", GID: "0", Mode: 0o444 },
        SecretName: "caas-app1-db_pw-v1-fp1abcd",
        SecretID: byName.get("caas-app1-db_pw-v1-fp1abcd"),
      },
      {
        File: { Name: "/etc/tls.pem", UID: "101", GID: "0", Mode: 0o400 },
        SecretName: "caas-app1-shared-tls-v2-fp2abcd",
        SecretID: byName.get("caas-app1-shared-tls-v2-fp2abcd"),
      },
    ]);
    expect(cs.Configs).toEqual([
      {
        File: { Name: "/etc/app.conf", UID: "0", GID: "0", Mode: 0o444 },
        ConfigName: "caas-app1-conf-v1-fp1abcd",
        ConfigID: byName.get("caas-app1-conf-v1-fp1abcd"),
      },
    ]);
    // the data reaches only the engine object, never the service spec
    expect(JSON.stringify(f.created)).not.toContain("value-of-");
  });

  it("a second deploy of the same versions creates nothing; pruning removes only other versions", async () => {
    const checked = checkCompose(env(), WITH_SECRETS, {});
    const f = fakeEngine();
    const v1 = [file("secret", "db_pw", "db_pw"), file("secret", "tls", "shared-tls"), file("config", "conf", "conf")];
    await deployApp(f.engine, { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r1", app: checked, files: v1 });
    const before = f.calls.length;
    await deployApp(f.engine, { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r2", app: checked, files: v1 });
    expect(f.calls.slice(before).filter((c) => c.startsWith("create secret") || c.startsWith("create config"))).toEqual([]);
    const v2 = [file("secret", "db_pw", "db_pw", 2), v1[1], v1[2]];
    await deployApp(f.engine, { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r3", app: checked, files: v2 });
    expect(f.objects).toHaveLength(4);
    const keep = new Set(v2.map((x) => swarmObjectName("app1", x)));
    const removed = await pruneSwarmObjects(f.engine, "app1", keep);
    expect(removed).toEqual(["caas-app1-db_pw-v1-fp1abcd"]);
    expect(f.objects.map((o) => o.name).sort()).toEqual([...keep].sort());
  });

  it("a service referring to a secret the deploy did not prepare is refused before any engine call", async () => {
    const checked = checkCompose(env(), WITH_SECRETS, {});
    const f = fakeEngine();
    const e = await caughtAsync(
      deployApp(f.engine, { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r1", app: checked, files: [] }),
    );
    expect(e.code).toBe("INTERNAL");
    expect(f.calls).toEqual([]);
  });
});

describe("applying the services", () => {
  const THREE = `services:
  web: { image: nginx }
  api: { image: nginx }
  db: { image: nginx }
`;
  it("creates every service at once and answers their ids in the file's order", async () => {
    const f = fakeEngine();
    let inFlight = 0;
    let most = 0;
    const slow = (f.engine as unknown as { createService: (s: EngineServiceSpec) => Promise<{ id: string }> }).createService;
    Object.assign(f.engine, {
      createService: async (spec: EngineServiceSpec) => {
        most = Math.max(most, ++inFlight);
        // the first service in the file's (sorted) order answers last
        await new Promise((r) => setTimeout(r, spec.Name.endsWith("-api") ? 30 : 5));
        inFlight--;
        return slow(spec);
      },
    });
    const result = await deployApp(f.engine, {
      tenantId: "t1",
      environmentId: "env1",
      appId: "app1",
      appName: "shop",
      revisionId: "r1",
      app: checkCompose(env(), THREE, {}),
    });
    expect(most).toBe(3);
    expect(Object.keys(result.services)).toEqual(["api", "db", "web"]);
    expect(result.services.api).toBe("svc3");
  });

  it("a failure names the first failing service in the file's order, after the others settled", async () => {
    const f = fakeEngine();
    const progress: string[] = [];
    Object.assign(f.engine, {
      createService: async (spec: EngineServiceSpec) => {
        const name = spec.Name.split("-").at(-1)!;
        // web fails first in time, db (before it in the file) later: db's error is the one reported
        await new Promise((r) => setTimeout(r, name === "web" ? 1 : 20));
        if (name !== "api") throw new AppError("CONFLICT", `refused ${name}`);
        return { id: "svc-api", warnings: [] };
      },
    });
    const e = await caughtAsync(
      deployApp(
        f.engine,
        { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r1", app: checkCompose(env(), THREE, {}) },
        (p) => p.step === "service" && progress.push(`${p.action} ${p.name}`),
      ),
    );
    expect(e.message).toBe("refused db");
    expect(progress.at(-1)).toBe("failed db");
    expect(progress.filter((x) => x.startsWith("created"))).toEqual(["created api"]);
  });
});

describe("secret app variables", () => {
  it("are split from plain ones; { secret: true } without a value keeps the stored one, or is refused by name", () => {
    const cur = { plain: {}, secret: { DB_PASSWORD: "old-pw" } };
    expect(variablesFromInput({ A: "1", B: { value: "2" }, DB_PASSWORD: { secret: true }, T: { value: "tok", secret: true } }, cur)).toEqual({
      plain: { A: "1", B: "2" },
      secret: { DB_PASSWORD: "old-pw", T: "tok" },
    });
    const e = caught(() => variablesFromInput({ NEW: { secret: true } }));
    expect(e.details).toEqual([{ path: "variables.NEW", message: expect.stringContaining("NEW"), key: "appErrors.noStoredValue", params: { name: "NEW" } }]);
  });

  it("seal the variables and the model at rest; plain-only revisions stay readable JSON", () => {
    const vars = { plain: { A: "1" }, secret: { PW: "hunter2-very-secret" } };
    const spec = JSON.stringify({ services: [{ environment: { PW: "hunter2-very-secret" } }] });
    const cols = revisionColumns(vars, spec);
    expect(JSON.stringify(cols)).not.toContain("hunter2");
    expect(revisionSpecJson(cols)).toBe(spec);
    expect(revisionVariables(cols)).toEqual(vars);
    expect(revisionColumns({ plain: { A: "1" }, secret: {} }, spec)).toEqual({ variablesJson: '{"A":"1"}', secretVariablesEnc: null, specJson: spec });
  });

  it("are hidden in a model for everyone", () => {
    const spec = checkCompose(env(), "services:\n  web:\n    image: nginx\n    environment:\n      PW: ${PW}\n      URL: postgres://u:${PW}@db/x\n", {
      PW: "hunter2-very-secret",
    }).copy();
    const hidden = hideSecretValues(spec, { PW: "hunter2-very-secret" });
    expect(JSON.stringify(hidden)).not.toContain("hunter2");
    expect(hidden.services[0].environment).toEqual({ PW: "(hidden)", URL: "postgres://u:(hidden)@db/x" });
  });
});
