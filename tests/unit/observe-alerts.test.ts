// Issue 19: the alert state machine, webhook signing, and the outbound policy on webhook targets.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { evaluateRules, signWebhook } from "@/lib/alerts";
import { deliverWebhook } from "@/lib/alerts/deliver";
import type { OutboundDeps } from "@/lib/net";
import { DISK_WARNING_PERCENT, diskFullObservations } from "@/lib/hosts/disk-warning";

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const rule = { id: "r1", forSeconds: 10, enabled: true };
const obs = { ruleId: "r1", subject: "service:s1", label: "app/web", value: 1 };

describe("evaluateRules", () => {
  it("pends first, fires once the condition held forSeconds, resolves when it ends", () => {
    expect(evaluateRules([rule], [obs], [], t(0))).toEqual([{ kind: "pend", ruleId: "r1", subject: "service:s1", label: "app/web", value: 1 }]);
    const pending = { id: "a1", ruleId: "r1", subject: "service:s1", state: "pending" as const, since: t(0) };
    expect(evaluateRules([rule], [obs], [pending], t(9))).toEqual([]);
    expect(evaluateRules([rule], [obs], [pending], t(10))).toEqual([
      { kind: "fire", alertId: "a1", ruleId: "r1", subject: "service:s1", label: "app/web", value: 1 },
    ]);
    const firing = { ...pending, state: "firing" as const };
    expect(evaluateRules([rule], [obs], [firing], t(30))).toEqual([]);
    expect(evaluateRules([rule], [], [firing], t(31))).toEqual([{ kind: "resolve", alertId: "a1" }]);
  });

  it("drops a pending alert whose condition ended before it fired; fires at once with forSeconds 0", () => {
    const pending = { id: "a1", ruleId: "r1", subject: "service:s1", state: "pending" as const, since: t(0) };
    expect(evaluateRules([rule], [], [pending], t(5))).toEqual([{ kind: "drop", alertId: "a1" }]);
    expect(evaluateRules([{ ...rule, forSeconds: 0 }], [obs], [], t(0))).toEqual([
      { kind: "fire", alertId: null, ruleId: "r1", subject: "service:s1", label: "app/web", value: 1 },
    ]);
  });

  it("ignores observations of disabled or unknown rules, keeps subjects apart", () => {
    expect(evaluateRules([{ ...rule, enabled: false }], [obs], [], t(0))).toEqual([]);
    expect(evaluateRules([], [obs], [], t(0))).toEqual([]);
    const other = { ...obs, subject: "service:s2" };
    const firing = { id: "a1", ruleId: "r1", subject: "service:s1", state: "firing" as const, since: t(0) };
    expect(evaluateRules([rule], [other], [firing], t(20)).map((x) => x.kind)).toEqual(["pend", "resolve"]);
  });
});

describe("webhook signature", () => {
  it("is HMAC-SHA256 over timestamp.body, as documented", () => {
    const body = JSON.stringify({ event: "firing" });
    const expected = "sha256=" + crypto.createHmac("sha256", "s3cret-value").update(`1700000000.${body}`).digest("hex");
    expect(signWebhook("s3cret-value", "1700000000", body)).toBe(expected);
    expect(signWebhook("other-secret", "1700000000", body)).not.toBe(expected);
  });
});

describe("T31: webhook destinations", () => {
  const deps = (answers: Record<string, string[]>, own: string[] = ["10.0.0.5"]): OutboundDeps => ({
    lookup: async (h) => (answers[h] ?? []).map((address) => ({ address, family: 4 as const })),
    ownAddresses: () => own,
    networkLists: async () => ({ allow: [], deny: ["192.0.2.0/24"] }),
  });
  const payload = {
    event: "firing" as const,
    alert: { id: "a", tenantId: "t", rule: { id: "r", name: "n", kind: "host_down" }, label: "l", value: 1, since: "", firedAt: null, resolvedAt: null },
  };
  it("refuses loopback, the portal's own addresses, denied ranges and names resolving to them, before any connection", async () => {
    expect(await deliverWebhook("http://127.0.0.1:9/x", "sealed", payload, deps({}))).toBe("failed: loopback");
    expect(await deliverWebhook("http://10.0.0.5/x", "sealed", payload, deps({}))).toBe("failed: portal_address");
    expect(await deliverWebhook("http://192.0.2.7/x", "sealed", payload, deps({}))).toBe("failed: denied_range");
    expect(await deliverWebhook("http://rebind.example/x", "sealed", payload, deps({ "rebind.example": ["203.0.113.9", "127.0.0.1"] }))).toBe(
      "failed: loopback",
    );
    expect(await deliverWebhook("http://[::1]/x", "sealed", payload, deps({}))).toBe("failed: loopback");
    expect(await deliverWebhook("not a url", "sealed", payload, deps({}))).toBe("failed: invalid_url");
  });
});

describe("host disk nearly full (host_disk_above)", () => {
  const GB = 1024 ** 3;
  const reading = (hostId: string, used: number, total = 100 * GB) => ({ hostId, name: hostId.toUpperCase(), diskUsed: used * GB, diskTotal: total });

  it("observes the hosts above the threshold (90 % unless the rule says), not those at or below it, nor a reading without a total", () => {
    expect(DISK_WARNING_PERCENT).toBe(90);
    const readings = [reading("h1", 95), reading("h2", 90), reading("h3", 40), reading("h4", 99, 0)];
    expect(diskFullObservations("r1", readings)).toEqual([{ ruleId: "r1", subject: "host:h1", label: "H1", value: 95 }]);
    expect(diskFullObservations("r1", readings, 30).map((o) => o.subject)).toEqual(["host:h1", "host:h2", "host:h3"]);
  });

  it("fires through the alert state machine while the disk stays full and resolves once space is freed", () => {
    const r = { id: "r1", forSeconds: 60, enabled: true };
    const full = diskFullObservations("r1", [reading("h1", 97.5)]);
    expect(evaluateRules([r], full, [], t(0))).toEqual([{ kind: "pend", ruleId: "r1", subject: "host:h1", label: "H1", value: 97.5 }]);
    const pending = { id: "a1", ruleId: "r1", subject: "host:h1", state: "pending" as const, since: t(0) };
    expect(evaluateRules([r], full, [pending], t(60))).toEqual([{ kind: "fire", alertId: "a1", ruleId: "r1", subject: "host:h1", label: "H1", value: 97.5 }]);
    const freed = diskFullObservations("r1", [reading("h1", 70)]);
    expect(evaluateRules([r], freed, [{ ...pending, state: "firing" }], t(120))).toEqual([{ kind: "resolve", alertId: "a1" }]);
  });
});
