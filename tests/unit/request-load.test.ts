// lib/http/request-load.ts: what counts as a burst of changes (the job worker waits while one
// arrives, issue 20). A fake clock is passed in.
import { describe, expect, it } from "vitest";
import { BURST_CHANGES, BURST_WINDOW_MS, requestLoad } from "@/lib/http/request-load";

function clocked() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("requestLoad", () => {
  it("counts API changes that arrived within the window; a burst is BURST_CHANGES of them", () => {
    const c = clocked();
    const load = requestLoad(c.now);
    for (let i = 0; i < BURST_CHANGES - 1; i++) load.track({ method: "POST", url: "/api/v1/environments/e/apps" });
    expect(load.recentChanges()).toBe(BURST_CHANGES - 1);
    expect(load.burst()).toBe(false);
    load.track({ method: "DELETE", url: "/api/v1/apps/a" });
    expect(load.burst()).toBe(true);
    // the window moves on: the burst is over once its changes are older than the window
    c.advance(BURST_WINDOW_MS);
    expect(load.recentChanges()).toBe(0);
    expect(load.burst()).toBe(false);
  });

  it("reads, pages, static files and sockets are not changes", () => {
    const c = clocked();
    const load = requestLoad(c.now);
    for (const req of [
      { method: "GET", url: "/api/v1/jobs/j" },
      { method: "HEAD", url: "/api/v1/apps" },
      { method: "OPTIONS", url: "/api/v1/apps" },
      { method: "POST", url: "/apps/new" },
      { method: "POST", url: "/socket.io/?EIO=4" },
      { method: "GET", url: "/_next/static/x.js" },
    ])
      for (let i = 0; i < 5; i++) load.track(req);
    expect(load.recentChanges()).toBe(0);
    expect(load.burst()).toBe(false);
  });

  it("a person's pace (one change, then another after a pause) is not a burst", () => {
    const c = clocked();
    const load = requestLoad(c.now);
    for (let i = 0; i < 10; i++) {
      load.track({ method: "PATCH", url: "/api/v1/services/s" });
      expect(load.burst()).toBe(false);
      c.advance(BURST_WINDOW_MS / 2 + 1);
    }
  });
});
