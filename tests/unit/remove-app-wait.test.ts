// removeApp waits for the app's network while the engine makes progress (issue 20: deleting an app
// of a hundred tasks on a busy host took longer than a fixed minute, and the delete job failed).
// The engine is a fake passed as the parameter: its network stays "in use" for a number of tries.
import { describe, expect, it } from "vitest";
import type { Engine } from "@/lib/docker";
import { appError } from "@/lib/errors";
import { LABEL, removeApp } from "@/lib/orchestrator";
import { appNetworkName } from "@/lib/orchestrator/names";

function engineWithBusyNetwork(appId: string, busyTries: number, message: (i: number) => string) {
  let tries = 0;
  let present = true;
  const name = appNetworkName(appId);
  const engine = {
    listServices: async () => [],
    listNetworks: async () => (present ? [{ id: "net-1", name, labels: { [LABEL.app]: appId } }] : []),
    removeNetwork: async () => {
      tries++;
      if (tries <= busyTries) throw appError("CONFLICT", "orchestratorErrors.networkRemains", undefined, message(tries));
      present = false;
    },
    listSwarmObjects: async () => [],
    removeSwarmObject: async () => undefined,
  } as unknown as Engine;
  return { engine, tries: () => tries };
}

describe("removeApp: the wait for the app's network", () => {
  it("goes on past the period while each answer names another task (tasks are being released)", async () => {
    const e = engineWithBusyNetwork("app1", 4, (i) => `network is in use by task t${i}`);
    const r = await removeApp(e.engine, "app1", { timeoutMs: 300 });
    expect(r.removedNetwork).toBe(appNetworkName("app1"));
    expect(e.tries()).toBe(5); // four pauses of 250 ms: longer than one period of 300 ms
  });

  it("fails with the engine's reason once nothing changed for a whole period", async () => {
    const e = engineWithBusyNetwork("app2", 1000, () => "network is in use by task t-stuck");
    await expect(removeApp(e.engine, "app2", { timeoutMs: 300 })).rejects.toThrow(/still present after removing the app: network is in use by task t-stuck/);
    expect(e.tries()).toBeLessThan(5);
  });
});
