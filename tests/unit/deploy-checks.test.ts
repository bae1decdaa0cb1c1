// Pieces of the deploy path with no engine: typed engine errors and their user-safe messages,
// preflight placement/capacity judgement, convergence of one-shot and global services, task
// progress as a person follows it.
import { describe, expect, it } from "vitest";
import { EngineError, engineError, engineErrorKind } from "@/lib/docker/errors";
import { toDeployError } from "@/lib/apps/deploy-errors";
import { judgePlacement, matchesConstraint, reservedByNode, runEngineChecks } from "@/lib/apps/preflight";
import { convergenceError, toServiceProgress } from "@/lib/apps/deploy-engine";
import { jobProgressOf } from "@/lib/apps/deploy-job";
import { judgeApp } from "@/lib/orchestrator/wait-for-convergence";
import { observeService } from "@/lib/orchestrator/observe-app";
import type { AppSpec, ServiceSpec } from "@/lib/compose";
import type { Engine, ServiceInfo, SwarmNode, TaskInfo } from "@/lib/docker";
import type { ServiceObservation, TaskObservation } from "@/lib/orchestrator";

const ENDPOINT = "tcp://10.77.0.11:2375";
const raw = (statusCode: number, message: string) =>
  Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message}`), { statusCode, json: { message } });

describe("typed engine errors", () => {
  it("types by status and structure, not by message text", () => {
    expect(engineErrorKind(engineError(ENDPOINT, "create service", raw(404, "something unusual")))).toBe("not_found");
    expect(engineErrorKind(engineError(ENDPOINT, "create service", raw(409, "x")))).toBe("conflict");
    expect(engineErrorKind(engineError(ENDPOINT, "create service", raw(503, "x")))).toBe("conflict");
    expect(engineErrorKind(engineError(ENDPOINT, "resolve image", raw(401, "x")))).toBe("pull_denied");
    expect(engineErrorKind(engineError(ENDPOINT, "resolve image", raw(403, "x")))).toBe("pull_denied");
    expect(engineErrorKind(engineError(ENDPOINT, "create service", raw(400, "x")))).toBe("invalid");
    expect(engineErrorKind(engineError(ENDPOINT, "create service", raw(500, "No such image: not typed by text")))).toBe("other");
    expect(engineErrorKind(engineError(ENDPOINT, "ping", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })))).toBe("unreachable");
    expect(engineErrorKind(new Error("plain"))).toBe("other");
  });

  it("maps to a message naming the service and the host by name, never the address or the engine's text", () => {
    for (const status of [400, 401, 404, 409, 500]) {
      const e = engineError(ENDPOINT, "create service", raw(status, "secret engine text at 10.77.0.11"));
      expect(e).toBeInstanceOf(EngineError);
      const mapped = toDeployError(e, { service: "web", host: "lab-1" });
      const text = JSON.stringify({ message: mapped.message, i18n: mapped.i18n, details: mapped.details });
      expect(text).toContain("web");
      expect(text).toContain("lab-1");
      expect(text).not.toMatch(/10\.77|2375|secret engine text/);
      expect(mapped.i18n?.key).toMatch(/^deployment\.errors\./);
    }
    const down = toDeployError(engineError(ENDPOINT, "ping", Object.assign(new Error("x"), { code: "EHOSTUNREACH" })), { host: "lab-2" });
    expect(down.i18n?.key).toBe("deployment.errors.unreachable");
    expect(down.message).toContain("lab-2");
  });
});

const node = (id: string, o: Partial<SwarmNode> = {}): SwarmNode => ({
  id,
  version: 1,
  hostname: id,
  role: "manager",
  availability: "active",
  labels: {},
  state: "ready",
  addr: "10.0.0.1",
  leader: false,
  engineVersion: "27",
  engineLabels: {},
  nanoCpus: 2e9,
  memoryBytes: 2 * 1024 ** 3,
  os: "linux",
  arch: "x86_64",
  ...o,
});

const svc = (name: string, o: Partial<ServiceSpec> = {}): ServiceSpec =>
  ({ name, image: "lab/busybox:latest", replicas: 1, resources: {}, placement: undefined, ...o }) as ServiceSpec;
const app = (...services: ServiceSpec[]) => ({ services }) as unknown as AppSpec;

describe("preflight placement and capacity", () => {
  it("refuses a reservation larger than any ready host's free memory, naming the service and sizes", () => {
    const p = judgePlacement(app(svc("big", { resources: { reservationMemoryBytes: 64 * 1024 ** 3 } })), [node("a"), node("b")], new Map());
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({
      path: "services.big",
      rule: "preflight.memory",
      key: "deployment.preflight.memory",
      params: { service: "big", neededMb: 65536, freeMb: 2048 },
    });
  });

  it("counts other apps' reservations and ignores the app's own (they are replaced)", () => {
    const tasks = [
      { nodeId: "a", serviceId: "other", desiredState: "running", spec: { Resources: { Reservations: { MemoryBytes: 0.5 * 1024 ** 3 } } } },
      { nodeId: "a", serviceId: "mine", desiredState: "running", spec: { Resources: { Reservations: { MemoryBytes: 1.5 * 1024 ** 3 } } } },
    ] as unknown as TaskInfo[];
    const need = app(svc("w", { resources: { reservationMemoryBytes: 1024 ** 3 } }));
    expect(judgePlacement(need, [node("a")], reservedByNode(tasks, new Set(["mine"])))).toHaveLength(0);
    expect(judgePlacement(need, [node("a")], reservedByNode(tasks, new Set()))).toHaveLength(1);
  });

  it("constraints must be met by a ready host; down or drained hosts do not count", () => {
    expect(matchesConstraint(node("a", { labels: { disk: "ssd" } }), "node.labels.disk == ssd")).toBe(true);
    expect(matchesConstraint(node("a"), "node.role!=manager")).toBe(false);
    const s = app(svc("db", { placement: { constraints: ["node.labels.disk==ssd"] } }));
    expect(judgePlacement(s, [node("a"), node("b", { labels: { disk: "ssd" }, state: "down" })], new Map())[0]).toMatchObject({
      rule: "preflight.constraints",
    });
    expect(judgePlacement(s, [node("a"), node("b", { labels: { disk: "ssd" } })], new Map())).toEqual([]);
    expect(judgePlacement(s, [node("a", { availability: "drain" })], new Map())[0]).toMatchObject({ rule: "preflight.hosts" });
  });

  it("a service that reserves nothing fits a ready host however much the others reserved (swarm places it)", () => {
    const full = new Map([["a", { nanoCpus: 3e9, memoryBytes: 3 * 1024 ** 3 }]]);
    expect(judgePlacement(app(svc("free")), [node("a")], full)).toEqual([]);
    expect(judgePlacement(app(svc("w", { resources: { reservationCpus: 0.5 } })), [node("a")], full)[0]).toMatchObject({ rule: "preflight.cpus" });
  });

  it("reads the swarm's running tasks and the app's services only when a service reserves capacity; asks everything at once", async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let most = 0;
    const call = async <T>(name: string, value: T) => {
      calls.push(name);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return value;
    };
    const other = { nodeId: "a", serviceId: "other", desiredState: "running", spec: { Resources: { Reservations: { MemoryBytes: 1.5 * 1024 ** 3 } } } };
    const engine = {
      listNodes: () => call("nodes", [node("a")]),
      listTasks: () => call("tasks", [other]),
      inspectImage: () => call("image", {}),
    } as unknown as Engine;
    const checks = (spec: AppSpec) =>
      runEngineChecks({ engine, spec, registryAuth: () => call("auth", undefined), ownServiceIds: () => call("own", new Set<string>()) });

    await checks(app(svc("web"), svc("db")));
    expect(calls.sort()).toEqual(["auth", "image", "nodes"]);
    expect(most).toBeGreaterThanOrEqual(2); // the nodes and the credential were asked together

    calls.length = 0;
    await expect(checks(app(svc("big", { resources: { reservationMemoryBytes: 1024 ** 3 } })))).rejects.toMatchObject({
      details: [expect.objectContaining({ rule: "preflight.memory" })],
    });
    expect(calls.sort()).toEqual(["auth", "image", "nodes", "own", "tasks"]);
  });
});

const task = (o: Partial<TaskObservation>): TaskObservation => ({
  taskId: "t",
  state: "running",
  desiredState: "running",
  message: "",
  since: "",
  current: true,
  ...o,
});
const obs = (o: Partial<ServiceObservation>): ServiceObservation => ({
  name: "job",
  engineName: "x_job",
  serviceId: "s1",
  desired: 1,
  running: 0,
  mode: "replicated",
  oneShot: false,
  completed: 0,
  tasks: [],
  ...o,
});
const judge = (s: ServiceObservation) => judgeApp({ appId: "a", services: [s] }, Date.now(), new Map(), { pendingGraceMs: 5000, maxFailures: 3 });

describe("convergence of one-shot and global services", () => {
  it("a one-shot service whose task completed is converged (it used to wait until the timeout)", () => {
    const done = obs({ oneShot: true, completed: 1, tasks: [task({ state: "complete", desiredState: "shutdown" })] });
    expect(judge(done).kind).toBe("converged");
    // a long-running service whose task completed is not
    expect(judge({ ...done, oneShot: false }).kind).toBe("waiting");
  });

  it("a global service counts the tasks swarm scheduled as desired, and is not converged before any is scheduled", () => {
    const svcInfo = {
      id: "s1",
      name: "x_agent",
      labels: {},
      replicas: undefined,
      spec: { Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: "i" } } },
    } as unknown as ServiceInfo;
    const tasks = ["n1", "n2", "n3"].map(
      (n, i) =>
        ({
          id: `t${i}`,
          serviceId: "s1",
          nodeId: n,
          state: "running",
          desiredState: "running",
          message: "",
          timestamp: "",
          spec: svcInfo.spec.TaskTemplate,
        }) as unknown as TaskInfo,
    );
    const o = observeService(svcInfo, tasks);
    expect(o).toMatchObject({ mode: "global", desired: 3, running: 3 });
    expect(judge(o).kind).toBe("converged");
    expect(judge(observeService(svcInfo, [])).kind).toBe("waiting");
  });

  it("failures are typed (service, kind, exit code) and mapped without the engine's text", () => {
    const failing = obs({
      tasks: [1, 2, 3].map((i) => task({ taskId: `t${i}`, state: "failed", error: "task: non-zero exit (3) on 10.77.0.12", exitCode: 3, nodeId: "n1" })),
    });
    const v = judge(failing);
    expect(v).toMatchObject({ kind: "failed", failure: "task_failed", service: "job", exitCode: 3 });
    const e = convergenceError({ ok: false, reason: "raw 10.77.0.12", kind: "task_failed", service: "job", exitCode: 3 }, 60_000, new Map([["n1", "lab-2"]]));
    expect(e.message).toContain("job");
    expect(e.message).toContain("3");
    expect(e.message).not.toContain("10.77");
  });
});

describe("task progress as a person follows it", () => {
  it("maps engine task states, names hosts by name, gives typed reasons only", () => {
    const s = obs({
      name: "web",
      desired: 2,
      running: 1,
      tasks: [
        task({ taskId: "a", state: "running", nodeId: "n1", slot: 1 }),
        task({ taskId: "b", state: "preparing", nodeId: "n2", slot: 2 }),
        task({ taskId: "c", state: "failed", nodeId: "n2", slot: 2, exitCode: 1, error: "raw engine text" }),
        task({ taskId: "d", state: "shutdown", desiredState: "shutdown", current: false }),
      ],
    });
    const [p] = toServiceProgress({ appId: "a", services: [s] }, new Map([["n1", "lab-1"]]));
    expect(p.tasks.map((t) => [t.id, t.state, t.host ?? null, t.reason ?? null])).toEqual([
      ["a", "running", "lab-1", null],
      ["b", "pulling", null, null],
      ["c", "failed", null, "exited"],
    ]);
    expect(JSON.stringify(p)).not.toContain("raw engine text");
    expect(jobProgressOf({ phase: "converging", progress: { steps: [], services: [p] }, failure: null, cancelRequested: false })).toEqual({
      percent: 20 + Math.round(75 / 2),
      message: { message: "1/2 replicas running", messageKey: "storedTexts.jobs.replicasRunning", messageParams: { running: 1, desired: 2 } },
    });
  });
});
