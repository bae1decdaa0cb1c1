// Dashboards: charts of an app's services, or of a whole environment (per app), over a chosen
// time range, from the stats the portal samples (GET /services/{id}/stats). The range and the
// selection live in the URL (a plain GET form), so a view can be bookmarked and shared.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getApp, listApps } from "@/lib/apps";
import { listEnvironments } from "@/lib/environments";
import { getServiceStats, type StatPoint } from "@/lib/stats";
import { pageActor } from "@/app/_lib/page-actor";
import { Button, Card, EmptyState, PageHeader, SelectField } from "@/components/ui";
import { LineChart, type ChartSeries } from "@/components/observe/line-chart";

export async function generateMetadata() {
  const t = await getTranslations("observe");
  return { title: t("dashboards.title") };
}

const WINDOWS = ["15m", "1h", "6h", "24h"] as const;
type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/** Sums series point-wise by sampling round (the points of one round share a bucket). */
function sumSeries(name: string, parts: StatPoint[][], field: "cpuPercent" | "memoryBytes"): ChartSeries {
  const bucketMs = Math.max(1000, Number(process.env.CAAS_STATS_INTERVAL_MS || 10_000));
  const buckets = new Map<number, number>();
  for (const pts of parts) {
    for (const p of pts) {
      const k = Math.floor(Date.parse(p.at) / bucketMs) * bucketMs;
      buckets.set(k, (buckets.get(k) ?? 0) + p[field]);
    }
  }
  return { name, points: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([k, value]) => ({ at: new Date(k).toISOString(), value })) };
}

export default async function DashboardsPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await pageActor();
  const t = await getTranslations("observe");
  const sp = await searchParams;
  const range = WINDOWS.find((w) => w === one(sp.window)) ?? "1h";
  const [envs, apps] = await Promise.all([listEnvironments({ actor, query: { limit: 500 } }), listApps({ actor, query: { limit: 500 } })]);
  const appId = one(sp.appId);
  const environmentId = one(sp.environmentId);

  let charts: { cpu: ChartSeries[]; memory: ChartSeries[] } | null = null;
  let heading = "";
  if (appId) {
    const app = await getApp({ actor, appId });
    heading = t("dashboards.appHeading", { name: app.name });
    const stats = await Promise.all(app.services.map((s) => getServiceStats({ actor, serviceId: s.id, query: { window: range } })));
    charts = {
      cpu: app.services.map((s, i) => ({ name: s.name, points: stats[i].history.map((p) => ({ at: p.at, value: p.cpuPercent })) })),
      memory: app.services.map((s, i) => ({ name: s.name, points: stats[i].history.map((p) => ({ at: p.at, value: p.memoryBytes })) })),
    };
  } else if (environmentId) {
    const env = envs.items.find((e) => e.id === environmentId);
    heading = t("dashboards.environmentHeading", { name: env?.name ?? "" });
    const inEnv = apps.items.filter((a) => a.environmentId === environmentId).slice(0, 8);
    const full = inEnv;
    const perApp = await Promise.all(
      full.map((a) => Promise.all(a.services.map((s) => getServiceStats({ actor, serviceId: s.id, query: { window: range } })))),
    );
    charts = {
      cpu: full.map((a, i) =>
        sumSeries(
          a.name,
          perApp[i].map((s) => s.history),
          "cpuPercent",
        ),
      ),
      memory: full.map((a, i) =>
        sumSeries(
          a.name,
          perApp[i].map((s) => s.history),
          "memoryBytes",
        ),
      ),
    };
  }

  return (
    <>
      <PageHeader title={t("dashboards.title")} description={t("dashboards.description")} />
      <div className="space-y-6">
        <Card title={t("dashboards.select")}>
          <form
            method="get"
            action="/dashboards"
            aria-label={t("dashboards.select")}
            className="grid grid-cols-1 items-end gap-4 md:grid-cols-[1fr_1fr_10rem_auto]"
          >
            <SelectField label={t("dashboards.app")} name="appId" defaultValue={appId ?? ""}>
              <option value="">—</option>
              {apps.items.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("dashboards.environment")} name="environmentId" defaultValue={environmentId ?? ""}>
              <option value="">—</option>
              {envs.items.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </SelectField>
            <SelectField label={t("dashboards.range")} name="window" defaultValue={range}>
              {WINDOWS.map((w) => (
                <option key={w} value={w}>
                  {t(`dashboards.windows.${w}`)}
                </option>
              ))}
            </SelectField>
            <Button type="submit">{t("dashboards.show")}</Button>
          </form>
          <p className="mt-3 text-xs text-zinc-600">
            {t("dashboards.export")}{" "}
            <Link href="/alerts" className="text-blue-800 hover:underline">
              {t("dashboards.alertsLink")}
            </Link>
          </p>
        </Card>
        {!charts ? (
          <EmptyState title={t("dashboards.emptyTitle")}>{t("dashboards.emptyBody")}</EmptyState>
        ) : (
          <Card
            title={heading}
            actions={
              environmentId ? (
                <Link href={`/environments/${environmentId}/logging`} className="text-sm text-blue-800 hover:underline">
                  {t("logging.link")}
                </Link>
              ) : undefined
            }
          >
            <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
              <LineChart title={t("dashboards.cpu")} series={charts.cpu} unit="percent" emptyText={t("dashboards.noData")} />
              <LineChart title={t("dashboards.memory")} series={charts.memory} unit="bytes" emptyText={t("dashboards.noData")} />
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
