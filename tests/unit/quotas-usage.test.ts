// Issue 16: quota arithmetic and refusals, usage from samples, cost, CSV (pure functions).
import { describe, expect, it } from "vitest";
import { apply, breaches, quotaError, totals, NO_LIMITS, type Snapshot } from "@/lib/quotas/quota-model";
import { costOf, csvCell, sampleUsage, toCsv } from "@/lib/usage/usage-model";
import type { AppSpec } from "@/lib/compose";

const svc = (serviceId: string, cpus: number, replicas: number, environmentId = "e1") => ({
  appId: "a1",
  serviceId,
  name: serviceId,
  environmentId,
  cpus,
  memoryMb: 256,
  replicas,
  ports: 1,
});

describe("quotas", () => {
  const now: Snapshot = { services: [svc("s1", 0.5, 2)], volumes: [{ appId: "a1", environmentId: "e1", volumes: 1 }] };

  it("counts limits × replicas, services, replicas, ports and volumes, overall and per environment", () => {
    const two: Snapshot = { services: [...now.services, { ...svc("s2", 0.25, 1, "e2"), appId: "a2" }], volumes: now.volumes };
    expect(totals(two)).toEqual({ cpus: 1.25, memoryMb: 768, services: 2, replicas: 3, ports: 2, volumes: 1 });
    expect(totals(two, "e2")).toEqual({ cpus: 0.25, memoryMb: 256, services: 1, replicas: 1, ports: 1, volumes: 0 });
  });

  it("refuses a scale beyond the CPU quota naming the quota, the use, the request and the limit", () => {
    const after = apply(now, { kind: "scale", tenantId: "t", environmentId: "e1", serviceId: "s1", replicas: 3 });
    const found = breaches(totals(now), totals(after), { ...NO_LIMITS, cpus: 1 }, "tenant");
    expect(found).toEqual([{ quota: "cpus", scope: "tenant", used: 1, requested: 0.5, limit: 1 }]);
    const e = quotaError(found);
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toBe("CPU quota exceeded: 1.0 CPUs used, 0.5 CPUs requested, 1.0 CPUs limit.");
    expect(e.details?.[0].params).toMatchObject({ quota: "cpus", used: 1, requested: 0.5, limit: 1 });
  });

  it("always allows shrinking, even over a quota", () => {
    const after = apply(now, { kind: "scale", tenantId: "t", environmentId: "e1", serviceId: "s1", replicas: 1 });
    expect(breaches(totals(now), totals(after), { ...NO_LIMITS, cpus: 0.1 }, "tenant")).toEqual([]);
  });

  it("a redeploy replaces the app's services; a new app adds its own", () => {
    const spec = {
      services: [{ name: "web", replicas: 3, ports: [], resources: { cpus: 0.5, memoryBytes: 128 * 1024 * 1024 } }],
      volumes: [],
    } as unknown as AppSpec;
    expect(totals(apply(now, { kind: "app", tenantId: "t", environmentId: "e1", appId: "a1", spec })).cpus).toBe(1.5);
    expect(totals(apply(now, { kind: "app", tenantId: "t", environmentId: "e1", spec })).cpus).toBe(2.5);
    const over = breaches(
      totals(now),
      totals(apply(now, { kind: "app", tenantId: "t", environmentId: "e1", spec })),
      { ...NO_LIMITS, replicas: 4 },
      "environment",
    );
    expect(over).toEqual([{ quota: "replicas", scope: "environment", used: 2, requested: 3, limit: 4 }]);
  });
});

describe("usage", () => {
  const s = (cpuPercent: number, mem: number, rx: number) => ({
    cpuPercent,
    memoryBytes: BigInt(mem),
    netRx: BigInt(rx),
    netTx: 0n,
    blkRead: 0n,
    blkWrite: 0n,
  });

  it("one sample stands for one interval: used from the sample, reserved from the limits, I/O from counter growth", () => {
    const u = sampleUsage(s(50, 1024 ** 3, 500), s(10, 0, 200), { cpus: 0.5, memoryBytes: 2 * 1024 ** 3 }, 3_600_000);
    expect(u).toMatchObject({ cpuHoursUsed: 0.5, cpuHoursReserved: 0.5, memGbHoursUsed: 1, memGbHoursReserved: 2, netRxBytes: 300n, samples: 1 });
    expect(sampleUsage(s(0, 0, 100), s(0, 0, 200), { cpus: 0, memoryBytes: 0 }, 1000).netRxBytes).toBe(0n); // counter reset
    expect(sampleUsage(s(0, 0, 100), undefined, { cpus: 0, memoryBytes: 0 }, 1000).netRxBytes).toBe(0n); // first sample
  });

  it("costs reserved CPU-hours and GB-hours at the kind's prices", () => {
    expect(costOf({ cpuHoursReserved: 2, memGbHoursReserved: 4 }, { cpuHour: 0.5, memoryGbHour: 0.25 })).toBe(2);
  });

  it("writes CSV a spreadsheet opens: BOM, CRLF, quoting, no formulas", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(toCsv(["a", "b"], [["x", 1]])).toBe("\uFEFFa,b\r\nx,1\r\n");
  });
});
