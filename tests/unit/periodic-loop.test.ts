// lib/periodic: rounds on the interval, a wake starts one now (or one right after the running
// round, however many wakes came meanwhile), stop() waits for the running round.
import { describe, expect, it } from "vitest";
import { startPeriodicLoop } from "@/lib/periodic";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the periodic loop", () => {
  it("runs a round when woken, without waiting for the interval", async () => {
    let rounds = 0;
    const loop = startPeriodicLoop({ name: "[t]", intervalMs: 60_000, firstDelayMs: 60_000, minGapMs: 0 }, async () => {
      rounds++;
    });
    await sleep(30);
    expect(rounds).toBe(0);
    loop.wake();
    await sleep(30);
    expect(rounds).toBe(1);
    await loop.stop();
  });

  it("wakes during a round give exactly one more round right after it, never two at once", async () => {
    let rounds = 0;
    let running = 0;
    let overlap = false;
    let release: () => void = () => undefined;
    const loop = startPeriodicLoop({ name: "[t]", intervalMs: 60_000, firstDelayMs: 60_000, minGapMs: 0 }, async () => {
      rounds++;
      running++;
      if (running > 1) overlap = true;
      if (rounds === 1) await new Promise<void>((r) => (release = r));
      running--;
    });
    loop.wake();
    await sleep(20);
    loop.wake();
    loop.wake();
    loop.wake();
    await sleep(20);
    expect(rounds).toBe(1);
    release();
    await sleep(40);
    expect(rounds).toBe(2);
    expect(overlap).toBe(false);
    await loop.stop();
  });

  it("stop() waits for the running round, and no round starts after it", async () => {
    let finished = false;
    let rounds = 0;
    const loop = startPeriodicLoop({ name: "[t]", intervalMs: 60_000, firstDelayMs: 60_000, minGapMs: 0 }, async () => {
      rounds++;
      await sleep(50);
      finished = true;
    });
    loop.wake();
    await sleep(10);
    await loop.stop();
    expect(finished).toBe(true);
    loop.wake();
    await sleep(30);
    expect(rounds).toBe(1);
  });
});
