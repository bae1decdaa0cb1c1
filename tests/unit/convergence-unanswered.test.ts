// The convergence wait against an engine that is slow to answer (issue 20: a manager busy starting a
// hundred tasks missed two 5 s deadlines in a row and the deploy failed although nothing was wrong).
// The engine is a fake passed as the parameter: it answers from a script of outcomes.
import { describe, expect, it } from "vitest";
import { waitForConvergence } from "@/lib/orchestrator/wait-for-convergence";
import { engineError, isUnreachable } from "@/lib/docker/errors";
import type { Engine, ServiceInfo, TaskInfo } from "@/lib/docker";

const APP = "app1";
// the errors the transport makes of a request that timed out and of an engine's 500
const unreachable = () => engineError("tcp://h:2375", "list services", Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }));
const refusal = () => engineError("tcp://h:2375", "list services", { statusCode: 500, json: { message: "rpc error" } });

const template = { ContainerSpec: { Image: "lab/busybox:latest" } };
const service: ServiceInfo = {
  id: "s1",
  name: `caas-${APP}-web`,
  version: 1,
  createdAt: "2026-12-05T00:00:00Z",
  updatedAt: "2026-12-05T00:00:00Z",
  labels: { "caas.app": APP, "caas.service": "web" },
  image: "lab/busybox:latest",
  replicas: 1,
  spec: { Name: `caas-${APP}-web`, TaskTemplate: template } as ServiceInfo["spec"],
};
const task = (state: TaskInfo["state"]): TaskInfo => ({
  id: "t1",
  serviceId: "s1",
  nodeId: "n1",
  slot: 1,
  state,
  desiredState: "running",
  message: state,
  createdAt: "2026-12-05T00:00:00Z",
  updatedAt: "2026-12-05T00:00:00Z",
  timestamp: "2026-12-05T00:00:00Z",
  labels: {},
  spec: template as TaskInfo["spec"],
});

/** Each observation takes the next outcome: "silent" (the engine did not answer), "refused"
 * (another engine error), or the task's state. */
function scriptedEngine(outcomes: ("silent" | "refused" | TaskInfo["state"])[]) {
  let i = 0;
  let current: (typeof outcomes)[number] = "starting";
  const engine = {
    async events() {
      throw new Error("no events here"); // the wait polls without them
    },
    async listServices() {
      current = outcomes[Math.min(i++, outcomes.length - 1)];
      if (current === "silent") throw unreachable();
      if (current === "refused") throw refusal();
      return [service];
    },
    async listTasks() {
      return [task(current as TaskInfo["state"])];
    },
  };
  return { engine: engine as unknown as Engine, asked: () => i };
}

describe("waitForConvergence and an engine that does not answer", () => {
  it("tells a timeout from an engine's refusal", () => {
    expect([isUnreachable(unreachable()), isUnreachable(refusal())]).toEqual([true, false]);
  });

  it("asks again while the engine has been silent for less than the grace, and converges", async () => {
    const { engine, asked } = scriptedEngine(["starting", "silent", "silent", "running"]);
    const r = await waitForConvergence(engine, APP, { timeoutMs: 5_000, pollMs: 5, unansweredGraceMs: 2_000 });
    expect(r.ok).toBe(true);
    expect(asked()).toBe(4);
  });

  it("gives the engine's error up once it has been silent for the grace", async () => {
    const { engine, asked } = scriptedEngine(["starting", "silent"]);
    const t0 = Date.now();
    await expect(waitForConvergence(engine, APP, { timeoutMs: 5_000, pollMs: 10, unansweredGraceMs: 150 })).rejects.toThrow(unreachable().message);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(asked()).toBeGreaterThan(2); // asked again within the grace
  });

  it("fails at the first silence without a grace, and at once on an error that is not a timeout", async () => {
    const silent = scriptedEngine(["starting", "silent", "running"]);
    await expect(waitForConvergence(silent.engine, APP, { timeoutMs: 5_000, pollMs: 5 })).rejects.toThrow(unreachable().message);
    expect(silent.asked()).toBe(2);
    const refused = scriptedEngine(["starting", "refused", "running"]);
    await expect(waitForConvergence(refused.engine, APP, { timeoutMs: 5_000, pollMs: 5, unansweredGraceMs: 2_000 })).rejects.toThrow(refusal().message);
    expect(refused.asked()).toBe(2);
  });

  it("ends at its deadline with the reason when the engine stays silent within the grace", async () => {
    const { engine } = scriptedEngine(["silent"]);
    const r = await waitForConvergence(engine, APP, { timeoutMs: 100, pollMs: 10, unansweredGraceMs: 10_000 });
    expect(r).toMatchObject({ ok: false, kind: "timeout" });
    expect(r.ok ? "" : r.reason).toMatch(/did not answer in time/);
  });
});
