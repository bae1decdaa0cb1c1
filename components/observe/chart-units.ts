// Value-axis units of the time-series charts (issue 11 item 7): bytes in binary units (KiB, MiB,
// GiB), byte rates per second, percentages, counts; tick steps that land on round binary values
// for bytes. Pure, unit-tested (tests/unit/chart-units.test.ts).

export type ChartUnit = "percent" | "bytes" | "bytesPerSecond" | "count";

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

/** A number with at most `digits` fraction digits, trailing zeros dropped, in the locale's digits. */
function num(v: number, locale: string, digits: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
}

/** Bytes in binary units; tiny and negative noise (a rate's rounding) shows as 0 B. */
export function formatBytesValue(v: number, locale = "en"): string {
  if (!Number.isFinite(v) || Math.abs(v) < 0.5) return "0 B";
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1024 && i < BYTE_UNITS.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? "-" : ""}${num(x, locale, i === 0 ? 0 : x < 10 ? 2 : 1)} ${BYTE_UNITS[i]}`;
}

/** One value with its unit, as the axis, the tooltip and the legend show it. */
export function formatChartValue(v: number | null | undefined, unit: ChartUnit, locale = "en"): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  switch (unit) {
    case "percent":
      return `${num(Math.abs(v) < 0.005 ? 0 : v, locale, Math.abs(v) < 10 ? 2 : 1)}%`;
    case "bytes":
      return formatBytesValue(v, locale);
    case "bytesPerSecond":
      return `${formatBytesValue(v, locale)}/s`;
    case "count":
      return num(Math.round(v), locale, 0);
  }
}

/**
 * Tick steps for the value axis: for bytes 1, 2, 5 … of each binary magnitude (so ticks read
 * 256 KiB, 512 KiB, 1 MiB), else the decimal 1-2-5 series.
 */
export function valueIncrements(unit: ChartUnit): number[] {
  const out: number[] = [];
  if (unit === "bytes" || unit === "bytesPerSecond") {
    for (let p = 0; p <= 4; p++) for (const m of [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]) out.push(m * 1024 ** p);
    return out;
  }
  for (let e = unit === "count" ? 0 : -2; e <= 12; e++) for (const m of [1, 2, 5]) out.push(m * 10 ** e);
  return out;
}

/** The top of the value axis when every value is 0 (a flat line still gets a readable axis). */
export function minimumTop(unit: ChartUnit): number {
  return unit === "percent" ? 1 : unit === "count" ? 1 : 1024;
}
