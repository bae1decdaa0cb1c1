"use client";
// Stats of a container: SVG line charts drawn here (no chart library), from the sampler's history
// (GET /containers/{id}/stats), refreshed every few seconds for the live view.
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Select, Time, formatBytes } from "@/components/ui";
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

function LineChart({
  title,
  series,
  format,
}: {
  title: string;
  series: { name: string; color: string; points: { t: number; v: number }[] }[];
  format: (v: number) => string;
}) {
  const W = 480,
    H = 140,
    P = 4;
  const t = useTranslations("stats");
  const all = series.flatMap((s) => s.points);
  const t0 = Math.min(...all.map((p) => p.t)),
    t1 = Math.max(...all.map((p) => p.t));
  const vmax = Math.max(1e-9, ...all.map((p) => p.v));
  const x = (t: number) => P + ((t - t0) / Math.max(1, t1 - t0)) * (W - 2 * P);
  const y = (v: number) => H - P - (v / vmax) * (H - 2 * P);
  return (
    <figure className="rounded-md border border-zinc-200 p-3">
      <figcaption className="mb-1 flex justify-between text-xs text-zinc-600">
        <span className="font-medium text-zinc-900">{title}</span>
        <span>{t("max", { value: format(vmax) })}</span>
      </figcaption>
      {all.length < 2 ? (
        <p className="py-10 text-center text-xs text-zinc-500">{t("notEnough")}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} className="h-36 w-full" role="img" aria-label={title}>
          <line x1={P} x2={W - P} y1={H - P} y2={H - P} stroke="#e4e4e7" />
          {series.map((s) => (
            <polyline
              key={s.name}
              fill="none"
              stroke={s.color}
              strokeWidth={1.5}
              points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ")}
            />
          ))}
        </svg>
      )}
      <div className="mt-1 flex gap-3 text-xs">
        {series.map((s) => (
          <span key={s.name} style={{ color: s.color }}>
            ● {s.name}: {s.points.length ? format(s.points[s.points.length - 1].v) : "—"}
          </span>
        ))}
      </div>
    </figure>
  );
}

export function StatsView({ containerId, serviceId }: { containerId?: string; serviceId?: string }) {
  const base = serviceId ? `/api/v1/services/${serviceId}/stats` : `/api/v1/containers/${containerId}/stats`;
  const t = useTranslations("stats");
  const [window, setWindow] = useState("15m");
  const q = useQuery({ queryKey: ["stats", base, window], queryFn: () => fetchJson<Stats>(`${base}?window=${window}`), refetchInterval: 5_000 });
  const h = q.data?.history ?? [];
  const rate = (v: number) => `${formatBytes(v)}/s`;
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
        <LineChart
          title={t("cpu")}
          format={(v) => `${v.toFixed(1)} %`}
          series={[{ name: "cpu", color: "#2563eb", points: h.map((p) => ({ t: Date.parse(p.at), v: p.cpuPercent })) }]}
        />
        <LineChart
          title={t("memory")}
          format={(v) => formatBytes(v)}
          series={[{ name: "used", color: "#7c3aed", points: h.map((p) => ({ t: Date.parse(p.at), v: p.memoryBytes })) }]}
        />
        <LineChart
          title={t("network")}
          format={rate}
          series={[
            { name: "rx", color: "#059669", points: rates(h, "netRx") },
            { name: "tx", color: "#d97706", points: rates(h, "netTx") },
          ]}
        />
        <LineChart
          title={t("blockIo")}
          format={rate}
          series={[
            { name: "read", color: "#0891b2", points: rates(h, "blkRead") },
            { name: "write", color: "#dc2626", points: rates(h, "blkWrite") },
          ]}
        />
      </div>
    </div>
  );
}
