"use client";
// Time-series chart of the portal (issue 11 item 7), drawn by uPlot (small, canvas, no network):
// a time axis in the user's locale and time zone (the same as <Time>), a value axis with units
// (chart-units.ts), a tooltip with every series' value at the cursor, and a legend with the
// latest values. Used by the container/service stats and the observability dashboards.
import "uplot/dist/uPlot.min.css";
import type uPlot from "uplot";
import { useLocale, useTimeZone, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef } from "react";
import { formatChartValue, minimumTop, valueIncrements, type ChartUnit } from "./chart-units";

export type { ChartUnit } from "./chart-units";

export interface TimeSeries {
  name: string;
  /** A colour of SERIES_COLORS (or any CSS colour); by position when left out. */
  color?: string;
  /** t: epoch milliseconds */
  points: { t: number; v: number }[];
}

/** One colour per position, the same on every chart (first series blue, then violet, green …). */
export const SERIES_COLORS = ["#2563eb", "#7c3aed", "#059669", "#d97706", "#0891b2", "#dc2626", "#db2777", "#4d7c0f"];

/** Series on one time axis: the union of their timestamps (seconds), null where one has no sample. */
function align(series: TimeSeries[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => Math.floor(p.t) / 1000)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of s.points) col[index.get(Math.floor(p.t) / 1000)!] = p.v;
    return col;
  });
  return [xs, ...ys] as uPlot.AlignedData;
}

export function TimeChart({
  title,
  series,
  unit,
  emptyText,
  height = 160,
}: {
  title: string;
  series: TimeSeries[];
  unit: ChartUnit;
  emptyText: string;
  height?: number;
}) {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const t = useTranslations("consolefix.charts");
  const box = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useMemo(() => align(series), [series]);
  const enough = data[0].length >= 2;
  const colors = series.map((s, i) => s.color ?? SERIES_COLORS[i % SERIES_COLORS.length]);
  // Rebuild the chart when what it shows changes shape (series, unit, zone); new points only re-set data.
  const shape = JSON.stringify([series.map((s) => s.name), colors, unit, locale, timeZone, enough]);

  useEffect(() => {
    const el = box.current;
    if (!el || !enough) return;
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed) return;
      const hm = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
      const hms = new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
      const day = new Intl.DateTimeFormat(locale, { timeZone, month: "2-digit", day: "2-digit" });
      const full = new Intl.DateTimeFormat(locale, {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      });
      const fmt = (v: number | null | undefined) => formatChartValue(v, unit, locale);
      const axisStyle = {
        stroke: "#52525b",
        font: "11px system-ui, sans-serif",
        grid: { stroke: "#f4f4f5", width: 1 },
        ticks: { stroke: "#e4e4e7", width: 1 },
      };
      const opts: uPlot.Options = {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { y: false, points: { size: 6 } },
        tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), timeZone),
        scales: {
          x: { time: true },
          y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(max ?? 0, minimumTop(unit)) * 1.1] },
        },
        axes: [
          {
            ...axisStyle,
            space: 60,
            // hh:mm (with seconds when ticks are less than a minute apart); the date where the day
            // changes on a long range
            values: (_u, splits) => {
              const clock = splits.length > 1 && splits[1] - splits[0] < 60 ? hms : hm;
              return splits.map((s, i) => {
                const d = new Date(s * 1000);
                const first = i === 0 || day.format(new Date(splits[i - 1] * 1000)) !== day.format(d);
                return first && splits[splits.length - 1] - splits[0] > 12 * 3600 ? `${day.format(d)} ${clock.format(d)}` : clock.format(d);
              });
            },
          },
          {
            ...axisStyle,
            size: 72,
            space: 28,
            incrs: valueIncrements(unit),
            values: (_u, splits) => splits.map((s) => fmt(s)),
          },
        ],
        series: [{}, ...series.map((s, i) => ({ label: s.name, stroke: colors[i], width: 1.5, spanGaps: true, points: { show: false } }))],
        hooks: {
          setCursor: [
            (u) => {
              const box = tip.current;
              const idx = u.cursor.idx;
              if (!box) return;
              if (idx === null || idx === undefined || u.cursor.left === undefined || u.cursor.left < 0) {
                box.hidden = true;
                return;
              }
              const rows = series.map((s, i) => ({ name: s.name, color: colors[i], value: fmt(u.data[i + 1][idx] as number | null) }));
              box.replaceChildren();
              const head = document.createElement("div");
              head.className = "mb-1 font-medium tabular-nums";
              head.textContent = full.format(new Date((u.data[0][idx] as number) * 1000));
              box.append(head);
              for (const r of rows) {
                const line = document.createElement("div");
                line.className = "flex items-center gap-2 tabular-nums";
                const dot = document.createElement("span");
                dot.className = "inline-block h-2 w-2 rounded-full";
                dot.style.background = r.color;
                const name = document.createElement("span");
                name.textContent = r.name;
                const val = document.createElement("span");
                val.className = "ml-auto pl-3";
                val.textContent = r.value;
                line.append(dot, name, val);
                box.append(line);
              }
              box.hidden = false;
              const left = u.cursor.left + u.bbox.left / devicePixelRatio;
              box.style.left = `${Math.min(left + 12, el.clientWidth - box.offsetWidth - 4)}px`;
              box.style.top = "8px";
            },
          ],
        },
      };
      plot.current = new UPlot(opts, data, el);
      ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
      ro.observe(el);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the chart's shape changes; data updates below
  }, [shape, height]);

  useEffect(() => {
    if (enough) plot.current?.setData(data);
  }, [data, enough]);

  return (
    <figure className="rounded-md border border-zinc-200 p-3" data-testid="time-chart" data-unit={unit}>
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      {!enough ? (
        <p className="py-10 text-center text-sm text-zinc-500">{emptyText}</p>
      ) : (
        <div className="relative" role="img" aria-label={t("aria", { title, count: series.length })}>
          <div ref={box} style={{ height }} />
          <div
            ref={tip}
            hidden
            role="tooltip"
            className="pointer-events-none absolute z-10 min-w-40 rounded-md border border-zinc-200 bg-white/95 px-2 py-1.5 text-xs shadow-md"
          />
        </div>
      )}
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
        {series.map((s, i) => {
          const last = s.points[s.points.length - 1];
          return (
            <li key={s.name} className="flex items-center gap-1">
              <span className="inline-block h-2 w-2 rounded-full" style={{ background: colors[i] }} />
              <span>{s.name}</span>
              <span className="tabular-nums">{last ? formatChartValue(last.v, unit, locale) : "—"}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
