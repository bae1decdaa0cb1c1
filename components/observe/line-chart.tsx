"use client";
// The dashboards' chart (app/(portal)/dashboards): series from the server with ISO times, drawn by
// the shared TimeChart (uPlot: time axis in the user's zone, value axis with units, tooltip).
import { useMemo } from "react";
import { TimeChart, type TimeSeries } from "./time-chart";

export interface ChartSeries {
  name: string;
  points: { at: string; value: number }[];
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
  const timed = useMemo<TimeSeries[]>(
    () => series.map((s) => ({ name: s.name, points: s.points.map((p) => ({ t: Date.parse(p.at), v: p.value })) })),
    [series],
  );
  return <TimeChart title={title} series={timed} unit={unit} emptyText={emptyText} />;
}
