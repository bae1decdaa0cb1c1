// Issue 11 item 6: merged service logs in time order, on first load (each replica's tail arrives as
// its own batch) and with Docker's trimmed fractions ("…05.1Z" is before "…05.12Z").
import { describe, expect, it } from "vitest";
import { mergeLogLines, timeKey } from "@/lib/containers/log-order";

const line = (replica: string, time: string | null, text = `${replica}@${time}`) => ({ replica, time, text });

describe("log order", () => {
  it("merges batches of different replicas by time, not by arrival", () => {
    // What the view did before: append each batch as it came.
    const r1 = [line("1", "2026-12-02T12:00:01Z"), line("1", "2026-12-02T12:00:03Z")];
    const r2 = [line("2", "2026-12-02T12:00:02Z"), line("2", "2026-12-02T12:00:04Z")];
    const merged = mergeLogLines(mergeLogLines([], r1), r2);
    expect(merged.map((l) => l.time)).toEqual(["2026-12-02T12:00:01Z", "2026-12-02T12:00:02Z", "2026-12-02T12:00:03Z", "2026-12-02T12:00:04Z"]);
    expect([...r1, ...r2].map((l) => l.time)).not.toEqual(merged.map((l) => l.time));
  });

  it("orders Docker's trimmed fractions numerically (string order put .1 after .12)", () => {
    const a = line("1", "2026-12-02T12:00:05.1Z");
    const b = line("2", "2026-12-02T12:00:05.12Z");
    const c = line("3", "2026-12-02T12:00:05.099999999Z");
    expect(mergeLogLines([], [b, a, c]).map((l) => l.replica)).toEqual(["3", "1", "2"]);
    // the server's old comparison got this wrong
    expect("2026-12-02T12:00:05.1Z".localeCompare("2026-12-02T12:00:05.12Z")).toBeGreaterThan(0);
    expect(timeKey("2026-12-02T12:00:05.1Z") < timeKey("2026-12-02T12:00:05.12Z")).toBe(true);
  });

  it("keeps a line without a time after its predecessor, equal times in arrival order, and the newest max lines", () => {
    const batch = [line("1", "2026-12-02T12:00:02Z", "a"), line("1", null, "notice"), line("1", "2026-12-02T12:00:02Z", "b")];
    const merged = mergeLogLines([line("2", "2026-12-02T12:00:03Z", "later")], batch);
    expect(merged.map((l) => l.text)).toEqual(["a", "notice", "b", "later"]);
    expect(mergeLogLines(merged, [], 2).map((l) => l.text)).toEqual(["b", "later"]);
  });
});
