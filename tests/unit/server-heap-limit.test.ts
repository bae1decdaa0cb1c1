// Issue 20 (RSS after the bench < 400 MB): the production server runs with a V8 old-space limit,
// CAAS_HEAP_MB (default 512 MiB), so garbage does not pile up towards Node's default of ~4 GiB.
import { describe, expect, it } from "vitest";
import { heapLimitMb, serverCommand } from "../../scripts/steps.mjs";

describe("the production server's heap limit", () => {
  it("is 512 MiB unless CAAS_HEAP_MB says otherwise", () => {
    expect(heapLimitMb({})).toBe(512);
    expect(heapLimitMb({ CAAS_HEAP_MB: "1024" })).toBe(1024);
  });
  it("refuses a value that is not a whole number of at least 128 MiB, naming the setting", () => {
    expect(() => heapLimitMb({ CAAS_HEAP_MB: "64" })).toThrow(/CAAS_HEAP_MB/);
    expect(() => heapLimitMb({ CAAS_HEAP_MB: "1g" })).toThrow(/CAAS_HEAP_MB/);
  });
  it("is passed to node before the server bundle; development (tsx) has no limit", () => {
    const prod = serverCommand();
    expect(prod.args[0]).toMatch(/^--max-old-space-size=\d+$/);
    expect(prod.args.at(-1)).toMatch(/caas-server\/server\.mjs$/);
    expect(serverCommand({ dev: true }).args.join(" ")).not.toMatch(/max-old-space-size/);
  });
});
