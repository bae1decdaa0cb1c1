// The deploy state machine (lib/apps/deploy-machine.ts) with plain fakes: every transition, the
// failure and cancel paths (restore only when the engine was touched), and crash-and-resume from
// each persisted state (a new run on the same store finishes the deploy).
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { runDeploy, type ConvergeVerdict, type DeployEngine, type DeployRecord, type DeployStore } from "@/lib/apps/deploy-machine";
import { PHASES, canTransition, isFinal, type DeployPhase, type DeployProgress } from "@/lib/apps/deploy-state";
import { deployError } from "@/lib/apps/deploy-errors";

class Crash extends Error {}

type Call = string;

function fakeStore(initial: Partial<DeployRecord> = {}) {
  const rec: DeployRecord = {
    id: "r1",
    appId: "a1",
    phase: "pending",
    progress: { steps: [], services: [] },
    failure: null,
    cancelRequested: false,
    previousRevisionId: "r0",
    ...initial,
  };
  const calls: Call[] = [];
  const saves: DeployProgress[] = [];
  const phases: DeployPhase[] = [rec.phase];
  /** Throw a Crash after persisting the named call (the n-th time), as a dying process would. */
  const crashAfter = new Map<string, number>();
  const maybeCrash = (name: string) => {
    const n = crashAfter.get(name);
    if (n === undefined) return;
    if (n <= 1) {
      crashAfter.delete(name);
      throw new Crash(name);
    }
    crashAfter.set(name, n - 1);
  };
  const store: DeployStore = {
    async load() {
      return structuredClone(rec);
    },
    async setPhase(_id, from, to, progress) {
      if (rec.phase !== from) return false;
      rec.phase = to;
      rec.progress = progress;
      phases.push(to);
      calls.push(`phase:${to}`);
      maybeCrash(`phase:${to}`);
      return true;
    },
    async saveProgress(_id, progress) {
      rec.progress = progress;
      saves.push(structuredClone(progress));
    },
    async recordFailure(_id, failure) {
      rec.failure = failure;
      calls.push("recordFailure");
      maybeCrash("recordFailure");
    },
    async commitHealthy(_id, progress: DeployProgress) {
      rec.progress = progress;
      calls.push("commitHealthy");
      maybeCrash("commitHealthy");
    },
    async commitEnded(_id, phase) {
      calls.push(`commitEnded:${phase}`);
      maybeCrash(`commitEnded:${phase}`);
    },
  };
  return { store, rec, calls, saves, phases, crashAfter };
}

interface EngineScript {
  preflight?: () => Promise<void>;
  apply?: () => Promise<void>;
  converge?: (hooks: Parameters<DeployEngine["converge"]>[1]) => Promise<ConvergeVerdict>;
  restore?: () => Promise<void>;
}

function fakeEngine(script: EngineScript = {}) {
  const calls: Call[] = [];
  const engine: DeployEngine = {
    async preflight() {
      calls.push("preflight");
      await script.preflight?.();
    },
    async apply() {
      calls.push("apply");
      await script.apply?.();
    },
    async converge(_r, hooks) {
      calls.push("converge");
      hooks.onServices([{ name: "web", desired: 1, running: 1, tasks: [{ id: "t1", state: "running", host: "h1" }] }]);
      return script.converge ? script.converge(hooks) : { kind: "healthy" };
    },
    async restore(r) {
      calls.push(`restore:${r.previousRevisionId ?? "first"}`);
      await script.restore?.();
    },
  };
  return { engine, calls };
}

function clock() {
  let t = Date.parse("2026-01-01T00:00:00Z");
  return { now: () => new Date((t += 1000)) };
}

function deps(s: ReturnType<typeof fakeStore>, e: ReturnType<typeof fakeEngine>) {
  const published: string[] = [];
  return { deps: { store: s.store, engine: e.engine, clock: clock(), publish: (id: string) => void published.push(id) }, published };
}

describe("deploy state machine: task progress", () => {
  it("saves and publishes an observation only when the task states changed (the wait observes several times a second)", async () => {
    const s = fakeStore({ phase: "converging" });
    const web = (running: number) => [{ name: "web", desired: 2, running, tasks: [{ id: "t1", state: "running" as const, host: "h1" }] }];
    const e = fakeEngine({
      async converge(hooks) {
        for (const running of [1, 1, 1, 2, 2]) hooks.onServices(web(running));
        return { kind: "healthy" };
      },
    });
    const { deps: d, published } = deps(s, e);
    expect(await runDeploy(d, "r1")).toEqual({ phase: "healthy" });
    // the step's start, then: the fake's own first observation (1/1), 1/2 (once for three), 2/2 (once for two)
    expect(s.saves.map((p) => p.services.map((x) => `${x.running}/${x.desired}`).join())).toEqual(["", "1/1", "1/2", "2/2"]);
    expect(s.rec.progress.services).toEqual(web(2));
    expect(published.length).toBeGreaterThanOrEqual(4);
  });
});

describe("deploy state machine: transitions", () => {
  it("allows exactly pending → preflight → applying → converging → healthy, and failed/cancelled from every non-final phase", () => {
    const allowed = new Set([
      "pending>preflight",
      "preflight>applying",
      "applying>converging",
      "converging>healthy",
      ...["pending", "preflight", "applying", "converging"].flatMap((p) => [`${p}>failed`, `${p}>cancelled`]),
    ]);
    for (const from of PHASES) for (const to of PHASES) expect(canTransition(from, to), `${from}>${to}`).toBe(allowed.has(`${from}>${to}`));
    expect(PHASES.filter(isFinal)).toEqual(["healthy", "failed", "cancelled"]);
  });

  it("a healthy deploy walks every phase, records timed steps, commits once, restores nothing, and publishes", async () => {
    const s = fakeStore();
    const e = fakeEngine();
    const { deps: d, published } = deps(s, e);
    const out = await runDeploy(d, "r1");
    expect(out).toEqual({ phase: "healthy" });
    expect(s.phases).toEqual(["pending", "preflight", "applying", "converging", "healthy"]);
    expect(e.calls).toEqual(["preflight", "apply", "converge"]);
    expect(s.calls.filter((c) => c === "commitHealthy")).toHaveLength(1);
    expect(s.calls.some((c) => c.startsWith("commitEnded"))).toBe(false);
    expect(s.rec.progress.steps.map((x) => [x.name, x.outcome])).toEqual([
      ["preflight", "done"],
      ["applying", "done"],
      ["converging", "done"],
    ]);
    for (const step of s.rec.progress.steps) expect(Date.parse(step.endedAt!)).toBeGreaterThan(Date.parse(step.startedAt));
    expect(s.rec.progress.services[0].tasks[0]).toMatchObject({ state: "running", host: "h1" });
    expect(published.length).toBeGreaterThanOrEqual(4);
  });

  it("ends healthy without waiting for afterHealthy (best effort, after the commit), which is still called once", async () => {
    const s = fakeStore();
    const e = fakeEngine();
    const after: string[] = [];
    e.engine.afterHealthy = (r) => {
      after.push(`${r.id}:${s.calls.includes("commitHealthy") ? "committed" : "uncommitted"}`);
      return new Promise<void>(() => undefined); // never settles
    };
    const out = await runDeploy(deps(s, e).deps, "r1");
    expect(out).toEqual({ phase: "healthy" });
    expect(after).toEqual(["r1:committed"]);
  });

  it("preflight failure: failed with the structured error, nothing applied and nothing to restore", async () => {
    const s = fakeStore();
    const problem = deployError("CONFLICT", "deployment.errors.preflight", { first: "x", count: 1 }, [
      {
        path: "services.web",
        rule: "preflight.image",
        message: "missing",
        key: "deployment.preflight.imageMissing",
        params: { service: "web", image: "nope:1" },
      },
    ]);
    const e = fakeEngine({ preflight: () => Promise.reject(problem) });
    const out = await runDeploy(deps(s, e).deps, "r1");
    expect(out.phase).toBe("failed");
    expect(e.calls).toEqual(["preflight"]);
    expect(s.phases).toEqual(["pending", "preflight", "failed"]);
    expect(s.calls).toContain("commitEnded:failed");
    expect(s.rec.failure).toMatchObject({ code: "CONFLICT", key: "deployment.errors.preflight", phase: "preflight" });
    expect(s.rec.failure?.details?.[0]).toMatchObject({ rule: "preflight.image", params: { image: "nope:1" } });
    expect(s.rec.progress.steps.at(-1)).toMatchObject({ name: "preflight", outcome: "failed" });
  });

  it("apply failure: failed after restoring the previous revision", async () => {
    const s = fakeStore();
    const e = fakeEngine({ apply: () => Promise.reject(deployError("CONFLICT", "deployment.errors.conflict", { service: "web", host: "h1" })) });
    const out = await runDeploy(deps(s, e).deps, "r1");
    expect(out.phase).toBe("failed");
    expect(e.calls).toEqual(["preflight", "apply", "restore:r0"]);
    expect(s.phases.at(-1)).toBe("failed");
    expect(s.rec.progress.steps.map((x) => x.name)).toEqual(["preflight", "applying", "restoring"]);
  });

  it("converge failure of a first deploy: removes what it created (restore without a previous revision)", async () => {
    const s = fakeStore({ previousRevisionId: null });
    const e = fakeEngine({
      converge: async () => ({ kind: "failed", error: deployError("CONFLICT", "deployment.errors.taskFailed", { service: "web", exitCode: 1 }) }),
    });
    const out = await runDeploy(deps(s, e).deps, "r1");
    expect(out).toMatchObject({ phase: "failed", failure: { key: "deployment.errors.taskFailed", phase: "converging" } });
    expect(e.calls).toEqual(["preflight", "apply", "converge", "restore:first"]);
  });

  it("cancel while converging: restores, then ends cancelled (commitEnded, no commitHealthy)", async () => {
    const s = fakeStore();
    const e = fakeEngine({
      converge: async (hooks) => {
        s.rec.cancelRequested = true;
        expect(await hooks.cancelRequested()).toBe(true);
        return { kind: "cancelled" };
      },
    });
    const out = await runDeploy(deps(s, e).deps, "r1");
    expect(out).toEqual({ phase: "cancelled" });
    expect(e.calls).toEqual(["preflight", "apply", "converge", "restore:r0"]);
    expect(s.calls).toContain("commitEnded:cancelled");
    expect(s.calls).not.toContain("commitHealthy");
    expect(s.phases.at(-1)).toBe("cancelled");
  });

  it("cancel while pending: cancelled with no engine call at all", async () => {
    const s = fakeStore({ cancelRequested: true });
    const e = fakeEngine();
    expect(await runDeploy(deps(s, e).deps, "r1")).toEqual({ phase: "cancelled" });
    expect(e.calls).toEqual([]);
    expect(s.phases).toEqual(["pending", "cancelled"]);
  });

  it("cancel during preflight: cancelled before anything is applied (nothing to restore)", async () => {
    const s = fakeStore();
    const e = fakeEngine({
      preflight: async () => {
        s.rec.cancelRequested = true;
      },
    });
    expect(await runDeploy(deps(s, e).deps, "r1")).toEqual({ phase: "cancelled" });
    expect(e.calls).toEqual(["preflight"]);
    expect(s.phases).toEqual(["pending", "preflight", "cancelled"]);
  });

  it("cancel during apply: the apply finishes, then the previous revision is restored", async () => {
    const s = fakeStore();
    const e = fakeEngine({
      apply: async () => {
        s.rec.cancelRequested = true;
      },
    });
    expect(await runDeploy(deps(s, e).deps, "r1")).toEqual({ phase: "cancelled" });
    expect(e.calls).toEqual(["preflight", "apply", "restore:r0"]);
  });

  it("an unexpected error becomes a safe INTERNAL failure: no engine text or address in the failure", async () => {
    const s = fakeStore();
    const e = fakeEngine({ apply: () => Promise.reject(new Error("Engine tcp://10.77.0.11:2375: create service failed: No such image: secret/thing")) });
    const out = await runDeploy(deps(s, e).deps, "r1");
    expect(out.phase).toBe("failed");
    const text = JSON.stringify(s.rec.failure);
    expect(text).not.toMatch(/10\.77|tcp:\/\/|No such image/);
    expect(s.rec.failure).toMatchObject({ code: "INTERNAL", key: "deployment.errors.internal" });
  });

  it("a final phase is left alone: a run on it calls nothing", async () => {
    for (const phase of ["healthy", "failed", "cancelled"] as const) {
      const s = fakeStore({ phase, failure: phase === "failed" ? { code: "CONFLICT", message: "x" } : null });
      const e = fakeEngine();
      const out = await runDeploy(deps(s, e).deps, "r1");
      expect(out.phase).toBe(phase);
      expect(e.calls).toEqual([]);
      expect(s.calls).toEqual([]);
    }
  });
});

describe("deploy state machine: crash and resume from each persisted state", () => {
  const expectedCalls: Record<"pending" | "preflight" | "applying" | "converging", string[]> = {
    pending: ["preflight", "apply", "converge"],
    preflight: ["preflight", "apply", "converge"],
    applying: ["apply", "converge"],
    converging: ["converge"],
  };
  for (const phase of ["pending", "preflight", "applying", "converging"] as const) {
    it(`resumed in ${phase}: continues from there to healthy (no step before it runs again)`, async () => {
      const s = fakeStore({ phase });
      const e = fakeEngine();
      expect(await runDeploy(deps(s, e).deps, "r1")).toEqual({ phase: "healthy" });
      expect(e.calls).toEqual(expectedCalls[phase]);
      expect(s.calls.filter((c) => c === "commitHealthy")).toHaveLength(1);
    });

    it(`resumed in ${phase} with a failure recorded before the crash: finishes the ending without deploying`, async () => {
      const s = fakeStore({ phase, failure: { code: "CONFLICT", message: "x", key: "deployment.errors.timeout" } });
      const e = fakeEngine();
      const out = await runDeploy(deps(s, e).deps, "r1");
      expect(out.phase).toBe("failed");
      // only phases that touched the engine need a restore
      expect(e.calls).toEqual(phase === "applying" || phase === "converging" ? ["restore:r0"] : []);
      expect(s.calls).toEqual(["commitEnded:failed", "phase:failed"]);
    });

    it(`resumed in ${phase} with a cancel requested: ends cancelled`, async () => {
      const s = fakeStore({ phase, cancelRequested: true });
      const e = fakeEngine();
      expect(await runDeploy(deps(s, e).deps, "r1")).toEqual({ phase: "cancelled" });
      expect(e.calls).toEqual(phase === "applying" || phase === "converging" ? ["restore:r0"] : []);
    });
  }

  // A crash right after each write: the next run (another process) finishes from what was persisted.
  const crashPoints = ["phase:preflight", "phase:applying", "phase:converging", "commitHealthy", "phase:healthy"];
  for (const point of crashPoints) {
    it(`a crash right after ${point} is resumed to healthy`, async () => {
      const s = fakeStore();
      s.crashAfter.set(point, 1);
      const e = fakeEngine();
      await expect(runDeploy(deps(s, e).deps, "r1")).rejects.toBeInstanceOf(Crash);
      expect(await runDeploy(deps(s, e).deps, "r1")).toEqual({ phase: "healthy" });
      expect(s.rec.phase).toBe("healthy");
      // commitHealthy is repeated only when the crash came between it and the phase change
      expect(s.calls.filter((c) => c === "commitHealthy").length).toBe(point === "commitHealthy" ? 2 : 1);
    });
  }

  for (const point of ["recordFailure", "commitEnded:failed"]) {
    it(`a crash right after ${point} in converging is resumed to failed, restoring again (idempotent)`, async () => {
      const s = fakeStore();
      s.crashAfter.set(point, 1);
      const e = fakeEngine({ converge: async () => ({ kind: "failed", error: new AppError("CONFLICT", "no") }) });
      await expect(runDeploy(deps(s, e).deps, "r1")).rejects.toBeInstanceOf(Crash);
      const out = await runDeploy(deps(s, e).deps, "r1");
      expect(out.phase).toBe("failed");
      expect(s.rec.phase).toBe("failed");
      expect(e.calls.filter((c) => c === "converge")).toHaveLength(1);
      expect(e.calls.filter((c) => c.startsWith("restore")).length).toBe(point === "recordFailure" ? 1 : 2);
    });
  }
});
