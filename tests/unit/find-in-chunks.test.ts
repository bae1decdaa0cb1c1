// Reads by a list of ids go in slices no larger than one statement may bind (SQLite: 999 values):
// the dashboard, stats, metrics and usage read 1,000+ containers that way (issue 20).
import { describe, expect, it } from "vitest";
import { findInChunks, MAX_IN_LIST } from "@/lib/db";

describe("findInChunks", () => {
  it("asks for at most MAX_IN_LIST ids at a time and returns every row in order", async () => {
    const ids = Array.from({ length: 1234 }, (_, i) => i);
    const asked: number[][] = [];
    const rows = await findInChunks(ids, async (chunk) => {
      asked.push(chunk);
      return chunk.map((n) => ({ n }));
    });
    expect(MAX_IN_LIST).toBeLessThan(999);
    expect(asked.map((c) => c.length)).toEqual([500, 500, 234]);
    expect(rows.map((r) => r.n)).toEqual(ids);
  });
  it("makes no query for no ids", async () => {
    let calls = 0;
    expect(await findInChunks([], async () => (calls++, []))).toEqual([]);
    expect(calls).toBe(0);
  });
});
