"use client";
// Stats of a container or a service: time-series charts (components/observe/time-chart: axes in the
// user's time zone, units, tooltips) from the sampler's history (GET /containers/{id}/stats),
// refreshed every few seconds for the live view.
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Select, Time, formatBytes } from "@/components/ui";
import { SERIES_COLORS, TimeChart, type TimeSeries } from "@/components/observe/time-chart";
import { fetchJson } from "@/components/live/fetch-json";
import type { StatPoint } from "@/lib/stats";

type Stats = { latest: StatPoint | null; history: StatPoint[] };

/** Byte counters (network, block) become rates between consecutive samples. */
function rates(h: StatPoint[], key: "netRx" | "netTx" | "blkRead" | "blkWrite"): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  for (let i = 1; i < h.length; i++) {
    const dt = (Date.parse(h[i].at) - Date.parse(h[i - 1].at)) / 1000;
    const dv = h[i][key] - h[i - 1][key];
    if (dt > 0 && dv >= 0) out.push({ t: Date.parse(h[i].at), v: dv / dt });
  }
  return out;
}

export function StatsView({ containerId, serviceId }: { containerId?: string; serviceId?: string }) {
  const base = serviceId ? `/api/v1/services/${serviceId}/stats` : `/api/v1/containers/${containerId}/stats`;
  const t = useTranslations("stats");
  const [window, setWindow] = useState("15m");
  const q = useQuery({ queryKey: ["stats", base, window], queryFn: () => fetchJson<Stats>(`${base}?window=${window}`), refetchInterval: 5_000 });
  const tc = useTranslations("consolefix.charts");
  const h = q.data?.history;
  const charts = useMemo(() => {
    const hist = h ?? [];
    const at = (p: StatPoint) => Date.parse(p.at);
    const series = (name: string, color: string, points: { t: number; v: number }[]): TimeSeries => ({ name, color, points });
    return {
      cpu: [
        series(
          tc("series.cpu"),
          SERIES_COLORS[0],
          hist.map((p) => ({ t: at(p), v: p.cpuPercent })),
        ),
      ],
      memory: [
        series(
          tc("series.used"),
          SERIES_COLORS[1],
          hist.map((p) => ({ t: at(p), v: p.memoryBytes })),
        ),
      ],
      network: [series(tc("series.received"), SERIES_COLORS[2], rates(hist, "netRx")), series(tc("series.sent"), SERIES_COLORS[3], rates(hist, "netTx"))],
      block: [series(tc("series.read"), SERIES_COLORS[4], rates(hist, "blkRead")), series(tc("series.written"), SERIES_COLORS[5], rates(hist, "blkWrite"))],
    };
  }, [h, tc]);
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <label className="text-xs text-zinc-600">
          {t("window")}
          <Select value={window} onChange={(e) => setWindow(e.target.value)} className="ml-1 w-24">
            {["5m", "15m", "1h", "6h", "24h"].map((w) => (
              <option key={w}>{w}</option>
            ))}
          </Select>
        </label>
        {q.data?.latest && (
          <p className="text-xs text-zinc-600">
            {t.rich("latest", {
              time: () => <Time value={q.data!.latest!.at} seconds />,
              cpu: `${q.data.latest.cpuPercent.toFixed(1)} %`,
              memory: formatBytes(q.data.latest.memoryBytes),
            })}
          </p>
        )}
        {q.error && <p className="text-xs text-red-700">{(q.error as Error).message}</p>}
      </div>
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <TimeChart title={t("cpu")} unit="percent" series={charts.cpu} emptyText={t("notEnough")} />
        <TimeChart title={t("memory")} unit="bytes" series={charts.memory} emptyText={t("notEnough")} />
        <TimeChart title={t("network")} unit="bytesPerSecond" series={charts.network} emptyText={t("notEnough")} />
        <TimeChart title={t("blockIo")} unit="bytesPerSecond" series={charts.block} emptyText={t("notEnough")} />
      </div>
    </div>
  );
}
