// Issue 11 item 6: stats showed "max 1e-9 B/s" (the chart's floor printed raw).
import { describe, expect, it } from "vitest";
import { formatBytes } from "@/components/ui/format";

describe("formatBytes", () => {
  it("prints whole bytes, never exponent notation", () => {
    expect(formatBytes(1e-9)).toBe("0 B");
    expect(formatBytes(12.6)).toBe("13 B");
    expect(formatBytes(0)).toBe("0 B");
  });
  it("binary units with one decimal", () => {
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(8 * 1024 ** 3)).toBe("8.0 GiB");
    expect(formatBytes(null)).toBe("—");
  });
});
