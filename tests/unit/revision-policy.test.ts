// Hole 3 of issue 9, as the attack: a revision that passed yesterday's policy is applied again
// (start of a stopped app, a deploy job resumed after a restart, rollback) after an admin narrowed
// the environment. Today's policy must refuse it before any engine call. Fakes are parameters.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { PolicyChecked, type AppSpec } from "@/lib/compose";
import type { Engine } from "@/lib/docker";
import { deployApp, type DeployPlan } from "@/lib/orchestrator";
import { applyStoredRevision, type ApplyRevisionDeps } from "@/lib/apps/apply-revision";
import { checkCompose, checkStoredRevision, policyContextFor, type PolicyEnvironment } from "@/lib/apps/revision-policy";

const env = (p: Partial<PolicyEnvironment> = {}): PolicyEnvironment => ({
  id: "env1",
  tenantId: "t1",
  portFrom: 30000,
  portTo: 30100,
  defaultCpus: 0.5,
  defaultMemoryMb: 256,
  bindAllowList: JSON.stringify(["/srv/shared"]),
  endpointMode: "dnsrr",
  publishMode: "host",
  ...p,
});

const COMPOSE = "services:\n  web:\n    image: lab/busybox:latest\n    command: sleep 1d\n    ports: ['30050:80']\n    volumes: ['/srv/shared:/data:ro']\n";

/** What prepareRevision stores: the checked model (ports leased) as JSON. */
function storedRevision(compose = COMPOSE, e = env()) {
  return { id: "rev1", specJson: JSON.stringify(checkCompose(e, compose, {}).copy()) };
}

/** An engine that records every call and answers like an empty swarm. */
function recordingEngine() {
  const calls: string[] = [];
  const answers: Record<string, unknown> = { listNetworks: [], createNetwork: "net1", listServices: [], createService: { id: "svc1", warnings: [] } };
  const engine = new Proxy({} as Record<string, unknown>, {
    // not thenable: `await engine` must give the engine back
    get: (_t, name: string) =>
      name === "then"
        ? undefined
        : async () => {
            calls.push(name);
            return answers[name];
          },
  }) as unknown as Engine;
  return { engine, calls };
}

function deps(engine: Engine, calls: string[]): ApplyRevisionDeps {
  return {
    engineFor: async () => (calls.push("engineFor"), engine),
    deploy: deployApp,
    registryAuthFor: async () => (calls.push("registryAuthFor"), undefined),
  };
}

const app = { id: "app1", name: "shop", tenantId: "t1", environmentId: "env1" };

function policyError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a POLICY error");
}

describe("applyStoredRevision: start, a resumed deploy job, a rollback's deploy", () => {
  it("deploys a stored revision that today's policy still accepts (the test can pass)", async () => {
    const { engine, calls } = recordingEngine();
    const out = await applyStoredRevision({ revision: storedRevision(), app, environment: env() }, deps(engine, calls));
    expect(PolicyChecked.isChecked(out.checked)).toBe(true);
    expect(out.checked.spec.services[0].mounts[0]).toMatchObject({ type: "bind", source: "/srv/shared" });
    expect(calls).toEqual(["engineFor", "registryAuthFor", "listNetworks", "listServices", "createNetwork", "createService"]);
  });

  it("refuses with POLICY naming the bind rule, before any engine call, once the admin removed the path", async () => {
    const rev = storedRevision();
    const { engine, calls } = recordingEngine();
    const today = env({ bindAllowList: "[]" });
    const err = await applyStoredRevision({ revision: rev, app, environment: today }, deps(engine, calls)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("POLICY");
    expect((err as AppError).message).toMatch(/bind-mount/);
    expect((err as AppError).details).toEqual([expect.objectContaining({ rule: "bind-mount", path: "services.web.volumes[0]" })]);
    expect(calls).toEqual([]);
  });

  it.each([
    ["the port pool shrank below a leased port", env({ portFrom: 31000, portTo: 31100 }), "port-range", "services.web.ports[0]"],
    ["the environment moved to ingress with dnsrr", env({ publishMode: "ingress" }), "port-mode", "services.web.ports"],
    ["an unreadable allow-list allows nothing (fails closed)", env({ bindAllowList: "not json" }), "bind-mount", "services.web.volumes[0]"],
  ])("refuses when %s", async (_what, today, rule, path) => {
    const { engine, calls } = recordingEngine();
    const err = (await applyStoredRevision({ revision: storedRevision(), app, environment: today }, deps(engine, calls)).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe("POLICY");
    expect(err.details).toContainEqual(expect.objectContaining({ rule, path }));
    expect(calls).toEqual([]);
  });

  it("judges a revision stored under an older, looser policy (ipc: private, no-new-privileges, 10 000 replicas, 1000t of memory)", async () => {
    const old = structuredClone(JSON.parse(storedRevision().specJson)) as AppSpec;
    Object.assign(old.services[0], { ipc: "private", securityOpt: ["no-new-privileges:true"], replicas: 10_000 });
    old.services[0].resources.memoryBytes = 1000 * 1024 ** 4;
    const { engine, calls } = recordingEngine();
    const err = (await applyStoredRevision({ revision: { id: "rev0", specJson: JSON.stringify(old) }, app, environment: env() }, deps(engine, calls)).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(err.code).toBe("POLICY");
    expect(err.details?.map((d) => [d.rule, d.path])).toEqual([
      ["unsupported", "services.web.ipc"],
      ["security-opt", "services.web.security_opt[0]"],
      ["resource-bounds", "services.web.deploy.replicas"],
      ["resource-bounds", "services.web.deploy.resources.limits.memory"],
    ]);
    expect(calls).toEqual([]);
  });

  it("refuses a stored model that is not one (edited row) as INTERNAL, before any engine call", async () => {
    const { engine, calls } = recordingEngine();
    for (const specJson of ["{", "null", JSON.stringify({ services: [{ name: "web", privileged: "yes" }] })]) {
      const err = (await applyStoredRevision({ revision: { id: "r", specJson }, app, environment: env() }, deps(engine, calls)).catch(
        (e: unknown) => e,
      )) as AppError;
      expect(err.code).toBe("INTERNAL");
    }
    expect(calls).toEqual([]);
  });
});

describe("the start pre-check and rollback use the same judgement", () => {
  it("checkStoredRevision (start's synchronous check) refuses the withdrawn bind", () => {
    const err = policyError(() => checkStoredRevision(env({ bindAllowList: "[]" }), storedRevision()));
    expect(err.code).toBe("POLICY");
    expect(err.details?.[0].rule).toBe("bind-mount");
  });

  it("rollback re-checks the old Compose text with today's settings", () => {
    expect(() => checkCompose(env(), COMPOSE, {})).not.toThrow();
    const err = policyError(() => checkCompose(env({ bindAllowList: JSON.stringify(["/srv/other"]) }), COMPOSE, {}));
    expect(err.details).toEqual([expect.objectContaining({ rule: "bind-mount", message: expect.stringContaining("allowed here: /srv/other") })]);
  });

  it("today's context comes from today's row", () => {
    expect(policyContextFor(env({ bindAllowList: '["/a", 3]' })).bindAllowList).toEqual([]);
    expect(policyContextFor(env({ endpointMode: "vip", publishMode: "ingress" })).publishing).toEqual({ endpointMode: "vip", publishMode: "ingress" });
  });

  it("a shared environment has no bind allow-list, even one left in its row (issue 16)", () => {
    expect(policyContextFor({ ...env({ bindAllowList: '["/srv"]' }), shared: true })).toMatchObject({ bindAllowList: [], shared: true });
    expect(policyContextFor(env({ bindAllowList: '["/srv"]' }))).toMatchObject({ bindAllowList: ["/srv"], shared: false });
  });
});

describe("the swarm driver itself refuses anything the policy did not make", () => {
  it("deployApp with a forged model makes no engine call", async () => {
    const { engine, calls } = recordingEngine();
    const forged = JSON.parse(storedRevision().specJson);
    const plan = { tenantId: "t1", environmentId: "env1", appId: "app1", appName: "shop", revisionId: "r", app: forged } as unknown as DeployPlan;
    await expect(deployApp(engine, plan)).rejects.toMatchObject({ code: "INTERNAL" });
    expect(calls).toEqual([]);
  });
});
