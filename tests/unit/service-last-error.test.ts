// Issue 11 item 5: a service's "last error" agrees with its tasks. The derivation is pure: the
// tasks are plain fakes as `docker service ps` would show them.
import { describe, expect, it } from "vitest";
import { serviceLastError } from "@/lib/reconcile/last-error";

type T = Parameters<typeof serviceLastError>[0][number];
let n = 0;
const task = (p: Partial<T> & Pick<T, "state">): T => ({
  taskId: `t${++n}`,
  slot: 1,
  desiredState: "running",
  since: "2026-12-02T10:00:00.000000000Z",
  current: true,
  ...p,
});
const at = (s: number) => `2026-12-02T10:00:${String(s).padStart(2, "0")}.123456789Z`;

describe("serviceLastError", () => {
  it("is empty when the latest task of every slot runs, whatever failed before it", () => {
    const tasks = [
      task({ slot: 1, state: "failed", desiredState: "shutdown", error: "task: non-zero exit (1)", since: at(1) }),
      task({ slot: 1, state: "running", since: at(5) }),
      task({ slot: 2, state: "running", since: at(2) }),
    ];
    expect(serviceLastError(tasks)).toBeNull();
  });

  it("shows the error of a slot that has not recovered, also while its replacement is starting", () => {
    const failing = [task({ slot: 1, state: "failed", desiredState: "shutdown", error: "task: non-zero exit (2)", since: at(3) })];
    expect(serviceLastError(failing)).toBe("task: non-zero exit (2)");
    expect(serviceLastError([...failing, task({ slot: 1, state: "starting", since: at(4) })])).toBe("task: non-zero exit (2)");
    expect(serviceLastError([...failing, task({ slot: 1, state: "starting", since: at(4) }), task({ slot: 2, state: "running", since: at(6) })])).toBe(
      "task: non-zero exit (2)",
    );
  });

  it("shows a pending task's scheduling error (no suitable node) and a rejected task's", () => {
    expect(serviceLastError([task({ state: "pending", error: "no suitable node (host-mode port already in use on 1 node)" })])).toMatch(/no suitable node/);
    expect(
      serviceLastError([task({ state: "rejected", desiredState: "shutdown", error: "No such image: x:1" }), task({ state: "assigned", since: at(9) })]),
    ).toBe("No such image: x:1");
  });

  it("takes the most recent failing slot's error when several fail", () => {
    const tasks = [
      task({ slot: 1, state: "failed", desiredState: "shutdown", error: "old", since: at(1) }),
      task({ slot: 2, state: "failed", desiredState: "shutdown", error: "new", since: at(7) }),
    ];
    expect(serviceLastError(tasks)).toBe("new");
  });

  it("ignores older generations being replaced and slots swarm is retiring (scaled down)", () => {
    expect(
      serviceLastError([task({ state: "failed", error: "from the previous image", current: false }), task({ slot: 1, state: "running", since: at(2) })]),
    ).toBeNull();
    expect(
      serviceLastError([
        task({ slot: 3, state: "failed", desiredState: "shutdown", error: "x", since: at(1) }),
        task({ slot: 3, state: "shutdown", desiredState: "shutdown", since: at(2) }),
      ]),
    ).toBeNull();
  });

  it("groups a global service's tasks by node; a one-shot job that completed has no error", () => {
    const global = [
      task({ slot: undefined, nodeId: "n1", state: "failed", desiredState: "shutdown", error: "boom", since: at(1) }),
      task({ slot: undefined, nodeId: "n1", state: "running", since: at(2) }),
      task({ slot: undefined, nodeId: "n2", state: "running", since: at(1) }),
    ];
    expect(serviceLastError(global)).toBeNull();
    expect(
      serviceLastError([
        task({ state: "failed", desiredState: "shutdown", error: "exit 1", since: at(1) }),
        task({ state: "complete", desiredState: "shutdown", since: at(2) }),
      ]),
    ).toBeNull();
  });

  it("compares task times as instants, not strings (nanosecond fractions of different lengths)", () => {
    const tasks = [
      task({ state: "running", since: "2026-12-02T10:00:05.1Z" }),
      task({ state: "failed", desiredState: "shutdown", error: "older", since: "2026-12-02T10:00:04.999999999Z" }),
    ];
    expect(serviceLastError(tasks)).toBeNull();
  });
});
