// Singletons by election (lib/jobs/leader.ts) with an in-memory lease store and a fake clock passed
// as parameters: exactly one leader at a time, takeover after the lease expires, hand-over at stop,
// and a leader that cannot renew gives its work up before others may take the role.
import { describe, expect, it } from "vitest";
import { startElection, type LeaseStore } from "@/lib/jobs/leader";

class MemoryLeases implements LeaseStore {
  rows = new Map<string, { holder: string; expiresAt: number }>();
  down = new Set<string>(); // holders whose database calls fail
  async acquire(role: string, holder: string, now: Date, until: Date) {
    if (this.down.has(holder)) throw new Error("database unreachable");
    const r = this.rows.get(role);
    if (!r || r.holder === holder || r.expiresAt < now.getTime()) {
      this.rows.set(role, { holder, expiresAt: until.getTime() });
      return true;
    }
    return false;
  }
  async release(role: string, holder: string) {
    if (this.rows.get(role)?.holder === holder) this.rows.delete(role);
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function contender(name: string, store: MemoryLeases, log: string[], clock: () => Date, ttlMs = 300) {
  return startElection({
    role: "reconcile",
    holder: name,
    store,
    clock,
    ttlMs,
    renewMs: 50,
    lead: () => {
      log.push(`${name}:start`);
      return { stop: async () => void log.push(`${name}:stop`) };
    },
  });
}

describe("leader election", () => {
  it("elects exactly one of several processes", async () => {
    const store = new MemoryLeases();
    const log: string[] = [];
    const now = () => new Date();
    const all = ["a", "b", "c"].map((n) => contender(n, store, log, now));
    await wait(200);
    expect(all.filter((e) => e.isLeader())).toHaveLength(1);
    expect(log).toHaveLength(1);
    for (const e of all) await e.stop();
  });

  it("another process takes over when the leader dies (its lease expires), not before", async () => {
    const store = new MemoryLeases();
    const log: string[] = [];
    let t = Date.now();
    const clock = () => new Date(t);
    const a = contender("a", store, log, clock);
    await wait(100);
    expect(a.isLeader()).toBe(true);
    const b = contender("b", store, log, clock);
    await wait(150);
    expect(b.isLeader()).toBe(false);
    // "a" dies: it stops renewing but never releases (kill -9): simulated by its database failing.
    store.down.add("a");
    t += 100; // not yet expired for b
    await wait(120);
    expect(b.isLeader()).toBe(false);
    // Time passes in renewal-sized steps until b takes over.
    for (let i = 0; i < 20 && !b.isLeader(); i++) {
      t += 50;
      await wait(70);
    }
    expect(b.isLeader()).toBe(true);
    expect(a.isLeader()).toBe(false); // a gave up: it could not renew for most of its lease
    // never two leaders: a stopped its work before b started its own
    expect(log).toEqual(["a:start", "a:stop", "b:start"]);
    await a.stop();
    await b.stop();
  });

  it("stop() hands the role over at once and stops the work", async () => {
    const store = new MemoryLeases();
    const log: string[] = [];
    const now = () => new Date();
    const a = contender("a", store, log, now, 60_000);
    await wait(100);
    const b = contender("b", store, log, now, 60_000);
    await wait(100);
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    await a.stop();
    expect(log).toContain("a:stop");
    await wait(150);
    expect(b.isLeader()).toBe(true); // long before a 60 s lease could expire
    await b.stop();
  });
});
