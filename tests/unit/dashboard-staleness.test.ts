// Issue 11 item 3: an app on a lost host is never shown as plain "running" on the dashboard.
import { describe, expect, it } from "vitest";
import { attentionRank, hostHealth, needsAttention, staleReason, OBSERVATION_STALE_MS, type AppRow, type HostRow } from "@/lib/dashboard/summarize";

const now = new Date("2026-12-02T12:00:00Z");
const hosts: HostRow[] = [
  { id: "h1", status: "ready", swarmRole: "manager" },
  { id: "h2", status: "ready", swarmRole: "manager" },
  { id: "h3", status: "unreachable", swarmRole: "manager" },
];
const app = (containers: AppRow["services"][number]["containers"], status = "running", observedAt: Date | null = now): AppRow => ({
  id: "a",
  status,
  services: [{ observedAt, containers }],
});
const running = (hostId: string) => ({ hostId, state: "running", desiredState: "running" });

describe("dashboard staleness", () => {
  it("marks an app with a container on an unreachable or down host", () => {
    expect(staleReason(app([running("h1"), running("h3")]), hosts, now)).toBe("hostLost");
    const down = hosts.map((h) => (h.id === "h2" ? { ...h, status: "down" } : h));
    expect(staleReason(app([running("h2")]), down, now)).toBe("hostLost");
    // swarm already moved the task (desired shutdown) but the last report from the host said running
    expect(staleReason(app([{ hostId: "h3", state: "running", desiredState: "shutdown" }]), hosts, now)).toBe("hostLost");
  });

  it("trusts an app whose containers all run on reachable hosts, and ignores finished tasks on lost ones", () => {
    expect(staleReason(app([running("h1"), running("h2")]), hosts, now)).toBeNull();
    expect(staleReason(app([running("h1"), { hostId: "h3", state: "shutdown", desiredState: "shutdown" }]), hosts, now)).toBeNull();
  });

  it("marks every settled app when no manager answers, and apps not observed for a minute", () => {
    const allLost = hosts.map((h) => ({ ...h, status: "unreachable" }));
    expect(staleReason(app([]), allLost, now)).toBe("noManager");
    expect(staleReason(app([running("h1")], "running", new Date(now.getTime() - OBSERVATION_STALE_MS - 1)), hosts, now)).toBe("notObserved");
    expect(staleReason(app([running("h1")], "running", new Date(now.getTime() - 5_000)), hosts, now)).toBeNull();
    // a deploy in progress is not "old news"
    expect(staleReason(app([], "deploying", null), allLost, now)).toBeNull();
  });

  it("counts host health and ranks what needs a look", () => {
    expect(hostHealth([...hosts, { id: "h4", status: "pending", swarmRole: null }])).toEqual({ total: 4, ready: 2, lost: 1, other: 1 });
    expect(needsAttention("running", null, [{ desired: 2, running: 2, lastError: null }])).toBe(false);
    expect(needsAttention("running", "hostLost", [{ desired: 2, running: 2, lastError: null }])).toBe(true);
    expect(needsAttention("running", null, [{ desired: 2, running: 1, lastError: null }])).toBe(true);
    expect(needsAttention("deploying", null, [])).toBe(true);
    expect(attentionRank("failed", null)).toBeLessThan(attentionRank("running", "hostLost"));
    expect(attentionRank("running", "hostLost")).toBeLessThan(attentionRank("degraded", null));
  });
});
