// A small time-series line chart rendered as SVG on the server (no chart library in the browser):
// one line per series over a shared time axis, min/max labels, the latest value in the legend.
import { formatBytes } from "@/components/ui";

export interface ChartSeries {
  name: string;
  points: { at: string; value: number }[];
}

const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4d7c0f"];

export function formatValue(v: number, unit: "percent" | "bytes" | "count"): string {
  if (unit === "percent") return `${Math.round(v * 10) / 10}%`;
  if (unit === "bytes") return formatBytes(v);
  return String(Math.round(v));
}

export function LineChart({
  title,
  series,
  unit,
  emptyText,
}: {
  title: string;
  series: ChartSeries[];
  unit: "percent" | "bytes" | "count";
  emptyText: string;
}) {
  const W = 560;
  const H = 160;
  const pad = { l: 8, r: 8, t: 8, b: 18 };
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) {
    return (
      <figure className="rounded-md border border-zinc-200 p-3">
        <figcaption className="text-sm font-medium">{title}</figcaption>
        <p className="py-8 text-center text-sm text-zinc-500">{emptyText}</p>
      </figure>
    );
  }
  const times = all.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const max = Math.max(...all.map((p) => p.value), unit === "percent" ? 1 : 0) * 1.1 || 1;
  const x = (at: string) => pad.l + ((Date.parse(at) - t0) / Math.max(1, t1 - t0)) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  return (
    <figure className="rounded-md border border-zinc-200 p-3">
      <figcaption className="mb-1 flex items-baseline justify-between text-sm font-medium">
        <span>{title}</span>
        <span className="text-xs font-normal text-zinc-500">{formatValue(max / 1.1, unit)}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-40 w-full" role="img" aria-label={title}>
        <line x1={pad.l} x2={W - pad.r} y1={H - pad.b} y2={H - pad.b} stroke="#d4d4d8" />
        {series.map((s, i) => (
          <polyline
            key={s.name}
            fill="none"
            stroke={COLORS[i % COLORS.length]}
            strokeWidth={1.5}
            points={s.points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")}
          />
        ))}
        <text x={pad.l} y={H - 4} fontSize="10" fill="#71717a">
          {time(t0)}
        </text>
        <text x={W - pad.r} y={H - 4} fontSize="10" fill="#71717a" textAnchor="end">
          {time(t1)}
        </text>
      </svg>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
        {series.map((s, i) => (
          <li key={s.name} className="flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: COLORS[i % COLORS.length] }} />
            <span className="font-mono">{s.name}</span>
            <span>{s.points.length ? formatValue(s.points[s.points.length - 1].value, unit) : "—"}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
