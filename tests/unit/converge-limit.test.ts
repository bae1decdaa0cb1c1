// Issue 11 item 5: warn before a change that cannot converge (more replicas than hosts with a
// host-mode published port).
import { describe, expect, it } from "vitest";
import { cannotConverge, convergeLimit } from "@/components/services/converge-limit";

describe("converge limit", () => {
  it("limits replicas to schedulable hosts only for host-mode published ports", () => {
    expect(convergeLimit({ publishMode: "host", publishedPorts: 1, schedulableHosts: 3 })).toBe(3);
    expect(convergeLimit({ publishMode: "host", publishedPorts: 0, schedulableHosts: 3 })).toBeNull();
    expect(convergeLimit({ publishMode: "ingress", publishedPorts: 2, schedulableHosts: 3 })).toBeNull();
  });
  it("warns above the limit, not at it", () => {
    expect(cannotConverge(4, 3)).toBe(true);
    expect(cannotConverge(3, 3)).toBe(false);
    expect(cannotConverge(50, null)).toBe(false);
    expect(cannotConverge(Number.NaN, 3)).toBe(false);
  });
});
