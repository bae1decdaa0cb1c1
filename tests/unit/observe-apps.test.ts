// observeApps (lib/orchestrator/observe-app.ts): the reconciler's round observes every app of an
// environment from one service list and chunked task lists (issue 20), with the same ownership
// check as observeApp (label AND name prefix). The engine is a fake passed as a parameter.
import { describe, expect, it } from "vitest";
import type { Engine, ServiceInfo, TaskInfo, TaskFilters, ServiceFilters } from "@/lib/docker";
import { observeApp, observeApps, observeService } from "@/lib/orchestrator/observe-app";
import { appServicePrefix } from "@/lib/orchestrator/names";
import { LABEL } from "@/lib/orchestrator/labels";

const TEMPLATE = { ContainerSpec: { Image: "lab/busybox:latest" } };

function service(appId: string | undefined, name: string, replicas: number): ServiceInfo {
  return {
    id: `svc-${name}`,
    name,
    labels: appId ? { [LABEL.app]: appId, [LABEL.service]: name.startsWith(appServicePrefix(appId)) ? name.slice(appServicePrefix(appId).length) : name } : {},
    replicas,
    spec: { Mode: { Replicated: { Replicas: replicas } }, TaskTemplate: TEMPLATE },
  } as unknown as ServiceInfo;
}

function tasksOf(s: ServiceInfo, running: number): TaskInfo[] {
  return Array.from(
    { length: running },
    (_, i) =>
      ({
        id: `${s.id}-t${i}`,
        serviceId: s.id,
        slot: i + 1,
        nodeId: "n1",
        state: "running",
        desiredState: "running",
        message: "",
        timestamp: `2026-12-04T00:00:0${i}Z`,
        spec: TEMPLATE,
      }) as unknown as TaskInfo,
  );
}

function fakeEngine(services: ServiceInfo[], tasks: TaskInfo[]) {
  const calls: { services: ServiceFilters[]; tasks: TaskFilters[] } = { services: [], tasks: [] };
  const engine = {
    async listServices(f: ServiceFilters = {}) {
      calls.services.push(f);
      const keys = f.label ?? [];
      return services.filter((s) => keys.every((k) => (k.includes("=") ? s.labels[k.split("=")[0]] === k.split("=")[1] : k in s.labels)));
    },
    async listTasks(f: TaskFilters = {}) {
      calls.tasks.push(f);
      return tasks.filter((t) => !f.service || f.service.includes(t.serviceId));
    },
  } as unknown as Engine;
  return { engine, calls };
}

describe("observeApps", () => {
  it("answers per app what observeApp answers, with one service list and task lists of at most 100 services", async () => {
    const appIds = Array.from({ length: 130 }, (_, i) => `app${String(i).padStart(3, "0")}`);
    const services = appIds.flatMap((a, i) => [service(a, `${appServicePrefix(a)}web`, i % 3), service(a, `${appServicePrefix(a)}db`, 1)]);
    const tasks = services.flatMap((s) => tasksOf(s, s.replicas ?? 0));
    const { engine, calls } = fakeEngine(services, tasks);
    const all = await observeApps(engine, appIds);
    expect(calls.services).toHaveLength(1);
    expect(calls.tasks).toHaveLength(3); // 260 services in lists of 100, 100 and 60
    expect(Math.max(...calls.tasks.map((f) => f.service!.length))).toBe(100);
    expect(all.size).toBe(130);
    for (const a of [appIds[0], appIds[1], appIds[129]]) expect(all.get(a)).toEqual(await observeApp(fakeEngine(services, tasks).engine, a));
    expect(all.get(appIds[2])!.services.map((s) => [s.name, s.desired, s.running])).toEqual([
      ["db", 1, 1],
      ["web", 2, 2],
    ]);
  });

  it("a service with an app's label but not its name prefix, or of an app not asked for, is nobody's; an app without services gets none", async () => {
    const mine = service("a1", `${appServicePrefix("a1")}web`, 1);
    const forged = service("a1", "someone_elses_service", 1); // the label alone can be forged
    const other = service("a2", `${appServicePrefix("a2")}web`, 1);
    const unlabelled = service(undefined, `${appServicePrefix("a1")}x`, 1);
    const services = [mine, forged, other, unlabelled];
    const { engine, calls } = fakeEngine(
      services,
      services.flatMap((s) => tasksOf(s, 1)),
    );
    const all = await observeApps(engine, ["a1", "a3"]);
    expect(all.get("a1")!.services.map((s) => s.serviceId)).toEqual([mine.id]);
    expect(all.get("a3")).toEqual({ appId: "a3", services: [] });
    expect(all.has("a2")).toBe(false);
    expect(calls.tasks.flatMap((f) => f.service)).toEqual([mine.id]);
  });
});

describe("observeApps when a service goes away between the two lists", () => {
  it("the engine refuses the filter naming it: that chunk's tasks come from the unfiltered list, the other apps keep their observation", async () => {
    const a = service("a1", `${appServicePrefix("a1")}web`, 2);
    const gone = service("a2", `${appServicePrefix("a2")}web`, 1);
    const tasks = [...tasksOf(a, 2), ...tasksOf(gone, 1)];
    const asked: (TaskFilters | undefined)[] = [];
    const engine = {
      async listServices() {
        return [a, gone];
      },
      async listTasks(f?: TaskFilters) {
        asked.push(f);
        if (f?.service?.includes(gone.id)) throw new Error(`service ${gone.id} not found`);
        return tasks.filter((t) => t.serviceId !== gone.id);
      },
    } as unknown as Engine;
    const all = await observeApps(engine, ["a1", "a2"]);
    expect(asked).toEqual([{ service: [a.id, gone.id] }, undefined]);
    expect(all.get("a1")!.services.map((s) => [s.name, s.running])).toEqual([["web", 2]]);
    expect(all.get("a2")!.services.map((s) => [s.name, s.running])).toEqual([["web", 0]]);
  });
});

describe("observeService: which tasks are of the service's current template", () => {
  it("equal templates in another key order, with per-task credentials or a runtime, are current; an older generation is not (also when asked again)", () => {
    const svc = {
      id: "s1",
      name: "caas-x-web",
      labels: {},
      replicas: 2,
      spec: { Mode: { Replicated: { Replicas: 2 } }, TaskTemplate: { ContainerSpec: { Image: "img:2", Env: ["A=1"] }, RestartPolicy: { Condition: "any" } } },
    } as unknown as ServiceInfo;
    const t = (id: string, spec: unknown, slot: number) =>
      ({
        id,
        serviceId: "s1",
        slot,
        nodeId: "n1",
        state: "running",
        desiredState: "running",
        message: "",
        timestamp: "2026-12-04T00:00:00Z",
        spec,
      }) as unknown as TaskInfo;
    const tasks = [
      t(
        "new1",
        { RestartPolicy: { Condition: "any" }, ContainerSpec: { Env: ["A=1"], Image: "img:2", PullOptions: { RegistryAuth: "x" } }, Runtime: "container" },
        1,
      ),
      t("new2", { ContainerSpec: { Image: "img:2", Env: ["A=1"] }, RestartPolicy: { Condition: "any" } }, 2),
      t("old1", { ContainerSpec: { Image: "img:1", Env: ["A=1"] }, RestartPolicy: { Condition: "any" } }, 1),
    ];
    for (let round = 0; round < 2; round++) {
      const o = observeService(svc, tasks);
      expect(Object.fromEntries(o.tasks.map((x) => [x.taskId, x.current]))).toEqual({ new1: true, new2: true, old1: false });
      expect(o.running).toBe(2);
    }
    // the same task ids with the service moved on to img:3: none of them is current any more
    const moved = {
      ...svc,
      spec: { ...svc.spec, TaskTemplate: { ContainerSpec: { Image: "img:3", Env: ["A=1"] }, RestartPolicy: { Condition: "any" } } },
    } as ServiceInfo;
    expect(observeService(moved, tasks).tasks.every((x) => !x.current)).toBe(true);
  });
});
