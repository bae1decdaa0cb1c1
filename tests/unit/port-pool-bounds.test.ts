// Issue 9 hole 7 — a port pool never includes the engine's or swarm's control ports, nor a port a
// platform admin reserved; the refusal names both range fields, the port, and a range to use.
// Also: platform settings are parsed on read and fail closed when unreadable.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { checkPortPool, CONTROL_PORTS, DEFAULT_PORT_POOL, suggestPortRange } from "@/lib/environments/environment-input";
import { parseSettingsRow } from "@/lib/settings/platform-settings";

function refusal(range: { from: number; to: number }, reserved: number[] = []): AppError {
  try {
    checkPortPool(range, reserved);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`expected ${range.from}-${range.to} to be refused`);
}

describe("checkPortPool", () => {
  it("refuses each control port, naming portRange.from/to, the port and a range without it", () => {
    expect([...CONTROL_PORTS.keys()].sort()).toEqual([2375, 2376, 2377, 4789, 7946]);
    for (const port of CONTROL_PORTS.keys()) {
      const e = refusal({ from: port, to: port });
      expect(e.code).toBe("VALIDATION");
      expect(e.message).toContain(`Port ${port}`);
      expect(e.details?.map((d) => d.path)).toEqual(["portRange.from", "portRange.to"]);
      expect(e.details?.every((d) => d.rule === "reserved_port" && d.message.includes(String(port)))).toBe(true);
    }
    expect(refusal({ from: 2000, to: 3000 }).message).toMatch(/Port 2375 .* for example 2378–3000\.$/);
    expect(refusal({ from: 1024, to: 65535 }).message).toContain("Port 2375");
  });

  it("refuses ports the admin reserved, and allows pools that avoid them all", () => {
    const e = refusal({ from: 31000, to: 31099 }, [31050]);
    expect(e.message).toBe("Port 31050 (reserved by a platform administrator) cannot be in the port pool. Choose a range without it, for example 31000–31049.");
    expect(() => checkPortPool({ from: 31000, to: 31049 }, [31050])).not.toThrow();
    expect(() => checkPortPool(DEFAULT_PORT_POOL, [])).not.toThrow();
    expect(() => checkPortPool({ from: 2378, to: 4788 }, [])).not.toThrow();
  });

  it("suggests the default pool when nothing of the requested range is left", () => {
    expect(suggestPortRange({ from: 2377, to: 2377 }, [2377])).toEqual(DEFAULT_PORT_POOL);
    expect(suggestPortRange({ from: 2377, to: 2377 }, [2377, 31000])).toEqual({ from: 31001, to: 32767 });
  });
});

describe("platform settings on read", () => {
  it("defaults when there is no row, parses the JSON columns otherwise", () => {
    expect(parseSettingsRow(null)).toEqual({ hostNetworkAllow: [], hostNetworkDeny: [], reservedPorts: [] });
    expect(parseSettingsRow({ hostNetworkAllow: "[]", hostNetworkDeny: '["203.0.113.0/24"]', reservedPorts: "[8080]" })).toEqual({
      hostNetworkAllow: [],
      hostNetworkDeny: ["203.0.113.0/24"],
      reservedPorts: [8080],
    });
  });

  it("fails closed on an unreadable row (a deny list must never silently become empty)", () => {
    for (const bad of [{ hostNetworkDeny: "not json" }, { hostNetworkDeny: '"10.0.0.0/8"' }, { reservedPorts: '["x"]' }, { reservedPorts: "[70000]" }]) {
      expect(() => parseSettingsRow({ hostNetworkAllow: "[]", hostNetworkDeny: "[]", reservedPorts: "[]", ...bad }), JSON.stringify(bad)).toThrow(AppError);
    }
  });
});
