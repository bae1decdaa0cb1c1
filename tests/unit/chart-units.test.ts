// Issue 11 item 7: chart axes and tooltips carry units (bytes → KiB/MiB/GiB, B/s, %), never a
// float artefact like "max 1e-9 B/s".
import { describe, expect, it } from "vitest";
import { formatChartValue, valueIncrements } from "@/components/observe/chart-units";

describe("chart units", () => {
  it("bytes in binary units", () => {
    expect(formatChartValue(0, "bytes")).toBe("0 B");
    expect(formatChartValue(512, "bytes")).toBe("512 B");
    expect(formatChartValue(1536, "bytes")).toBe("1.5 KiB");
    expect(formatChartValue(256 * 1024 * 1024, "bytes")).toBe("256 MiB");
    expect(formatChartValue(3 * 1024 ** 3, "bytes")).toBe("3 GiB");
  });
  it("rates per second, no float noise", () => {
    expect(formatChartValue(1e-9, "bytesPerSecond")).toBe("0 B/s");
    expect(formatChartValue(2048, "bytesPerSecond")).toBe("2 KiB/s");
  });
  it("percent and counts, in the locale's digits", () => {
    expect(formatChartValue(12.345, "percent")).toBe("12.3%");
    expect(formatChartValue(0.5, "percent")).toBe("0.5%");
    expect(formatChartValue(1234.4, "count", "zh-CN")).toBe("1,234");
    expect(formatChartValue(null, "percent")).toBe("—");
  });
  it("byte axes step by binary magnitudes", () => {
    const incrs = valueIncrements("bytes");
    expect(incrs).toContain(512 * 1024);
    expect(incrs).toContain(1024 * 1024);
    expect(incrs.every((x, i) => i === 0 || x > incrs[i - 1])).toBe(true);
    expect(valueIncrements("percent")).toContain(25 / 2.5);
  });
});
