// The gauge the job worker yields to (issue 20): busy while a recent request is in flight; a
// request that has run for longer than LONG_MS (a followed log) no longer holds the jobs back.
import { describe, expect, it } from "vitest";
import { LONG_MS, requestGauge } from "@/lib/http/request-gauge";

describe("requestGauge", () => {
  it("is busy from a request's start to its end, for each of several requests", () => {
    let t = 1_000;
    const g = requestGauge(() => t);
    expect(g.busy()).toBe(false);
    const endA = g.start();
    const endB = g.start();
    expect(g.busy()).toBe(true);
    endA();
    expect(g.busy()).toBe(true);
    endB();
    expect(g.busy()).toBe(false);
    endB(); // a second close of the same request changes nothing
    t += 10;
    expect(g.busy()).toBe(false);
  });

  it("stops counting a request once it has run for LONG_MS", () => {
    let t = 5_000;
    const g = requestGauge(() => t);
    const endLong = g.start();
    t += LONG_MS - 1;
    expect(g.busy()).toBe(true);
    t += 2;
    expect(g.busy()).toBe(false);
    const endShort = g.start();
    expect(g.busy()).toBe(true);
    endShort();
    endLong();
    expect(g.busy()).toBe(false);
  });
});
