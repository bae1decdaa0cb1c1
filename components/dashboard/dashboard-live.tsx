"use client";
// The operator's dashboard, live: one query polled every few seconds (the reconciler writes host
// and replica state every ~3 s, so a lost host shows here well within 15 s). An app the portal
// cannot currently see (lib/dashboard/summarize.ts) is shown "stale", never as plain "running".
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { DashboardApp, DashboardDto, DashboardEnvironment } from "@/lib/dashboard";
import { SEEDED, fetchJson } from "@/components/live/fetch-json";
import { StateBadge } from "@/components/live/state-badge";
import { useStoredText } from "@/components/live/use-stored-text";
import { Badge, ButtonLink, Card, EmptyState, Time, formatBytes } from "@/components/ui";
import { groupByRegion } from "@/lib/dashboard/group-by-region";
import { dashboardKeys } from "./dashboard-keys";

export const DASHBOARD_POLL_MS = 4_000;

export function DashboardLive({ initial }: { initial: DashboardDto }) {
  const t = useTranslations("overview");
  const text = useStoredText();
  const { data, isError } = useQuery({
    queryKey: dashboardKeys.all,
    queryFn: () => fetchJson<DashboardDto>("/api/v1/dashboard"),
    initialData: initial,
    ...SEEDED,
    refetchInterval: DASHBOARD_POLL_MS,
  });
  const d = data ?? initial;
  return (
    <div className="space-y-6" data-testid="dashboard">
      {isError && (
        <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("refreshFailed")}
        </p>
      )}
      {d.publishRequests && d.publishRequests.pending > 0 && (
        <p className="flex items-center justify-between gap-3 rounded-md border border-blue-200 bg-blue-50 px-4 py-2 text-sm text-blue-900">
          <span>{t("publishPending", { count: d.publishRequests.pending })}</span>
          <ButtonLink href="/admin/publish-requests" size="sm">
            {t("review")}
          </ButtonLink>
        </p>
      )}
      <section aria-label={t("environments")}>
        {d.environments.length === 0 ? (
          <EmptyState
            title={t("noEnvironmentsTitle")}
            action={
              <ButtonLink href="/environments" variant="primary">
                {t("openEnvironments")}
              </ButtonLink>
            }
          >
            {t("noEnvironmentsBody")}
          </EmptyState>
        ) : (
          <EnvironmentsByRegion environments={d.environments} />
        )}
      </section>
      <AttentionCard apps={d.attention} />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <Card title={t("recentDeploys")}>
          {d.deploys.length === 0 ? (
            <p className="text-sm text-zinc-600">{t("noDeploys")}</p>
          ) : (
            <ul className="divide-y divide-zinc-100 text-sm">
              {d.deploys.map((r) => (
                <li key={`${r.appId}-${r.revision}`} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0 truncate">
                    <Link href={`/apps/${r.appId}`} className="font-medium hover:underline" translate="no">
                      {r.appName}
                    </Link>{" "}
                    <span className="text-zinc-500">{t("revision", { number: r.revision })}</span>
                  </span>
                  <span className="flex shrink-0 items-center gap-2">
                    <StateBadge state={r.status} />
                    <Time value={r.createdAt} relative className="text-xs text-zinc-500" />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t("recentEvents")}>
          {d.events.length === 0 ? (
            <p className="text-sm text-zinc-600">{t("noEvents")}</p>
          ) : (
            <ul className="divide-y divide-zinc-100 text-sm">
              {d.events.map((e) => (
                <li key={e.id} className="py-2">
                  <div className="flex items-center justify-between gap-3">
                    <Link href={`/services/${e.serviceId}`} className="min-w-0 truncate font-medium hover:underline" translate="no">
                      {e.appName} / {e.serviceName}
                    </Link>
                    <Time value={e.createdAt} relative className="shrink-0 text-xs text-zinc-500" />
                  </div>
                  <p className="truncate text-xs text-zinc-600" title={text(e)}>
                    {text(e)}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function Meter({ label, used, total, text }: { label: string; used: number; total: number; text: string }) {
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  return (
    <div>
      <div className="flex justify-between text-xs text-zinc-600">
        <span>{label}</span>
        <span className="tabular-nums">{text}</span>
      </div>
      <div className="mt-1 h-1.5 rounded-full bg-zinc-100" role="meter" aria-label={label} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div
          className={pct > 85 ? "h-1.5 rounded-full bg-red-500" : pct > 65 ? "h-1.5 rounded-full bg-amber-500" : "h-1.5 rounded-full bg-emerald-500"}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}

/** Issue 17: a heading per region when the environments are in several (one region: no heading). */
function EnvironmentsByRegion({ environments }: { environments: DashboardEnvironment[] }) {
  const tr = useTranslations("regions.environmentList");
  const groups = groupByRegion(environments);
  const grid = (list: DashboardEnvironment[]) => (
    <ul className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3">
      {list.map((e) => (
        <EnvironmentCard key={e.id} env={e} />
      ))}
    </ul>
  );
  if (groups.length < 2) return grid(environments);
  return (
    <div className="space-y-6">
      {groups.map(({ region, environments: list }) => (
        <section key={region.id} aria-labelledby={`dashboard-region-${region.id}`} className="space-y-3" data-testid="dashboard-region">
          <h2 id={`dashboard-region-${region.id}`} className="flex items-baseline gap-3 text-base font-semibold text-zinc-900">
            {tr("regionHeading", { name: region.displayName })}
            <span className="text-sm font-normal text-zinc-500">{tr("regionCount", { count: list.length })}</span>
          </h2>
          {grid(list)}
        </section>
      ))}
    </div>
  );
}

function EnvironmentCard({ env }: { env: DashboardEnvironment }) {
  const t = useTranslations("overview");
  return (
    <li className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs" data-testid={`dashboard-env-${env.id}`}>
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold">
            <Link href={`/environments/${env.id}`} className="hover:underline" translate="no">
              {env.name}
            </Link>
          </h2>
          <p className="truncate text-xs text-zinc-500" translate="no">
            {env.tenantName}
          </p>
        </div>
        {env.health.lost > 0 ? (
          <Badge tone="red">{t("hostsLost", { count: env.health.lost })}</Badge>
        ) : env.health.total > 0 ? (
          <Badge tone="green">{t("hostsReady", { ready: env.health.ready, total: env.health.total })}</Badge>
        ) : (
          <Badge>{t("noHosts")}</Badge>
        )}
      </div>
      {env.hosts.length > 0 && (
        <ul className="mt-3 flex flex-wrap gap-1.5" aria-label={t("hosts")}>
          {env.hosts.map((h) => (
            <li key={h.id} className="flex items-center gap-1 rounded border border-zinc-200 px-1.5 py-0.5 text-xs" data-testid={`dashboard-host-${h.id}`}>
              <span className="font-medium" translate="no">
                {h.name}
              </span>
              <StateBadge state={h.status} />
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 space-y-2">
        <Meter
          label={t("cpu")}
          used={env.usage.cpus}
          total={env.capacity.cpus}
          text={t("cpuOf", { used: env.usage.cpus.toFixed(2), total: env.capacity.cpus })}
        />
        <Meter
          label={t("memory")}
          used={env.usage.memoryBytes}
          total={env.capacity.memoryBytes}
          text={t("memoryOf", { used: formatBytes(env.usage.memoryBytes), total: formatBytes(env.capacity.memoryBytes) })}
        />
      </div>
      <dl className="mt-3 grid grid-cols-4 gap-2 text-center">
        {(
          [
            [t("apps"), env.apps.total, ""],
            [t("healthy"), env.apps.healthy, "text-emerald-700"],
            [t("needsLook"), env.apps.attention, env.apps.attention ? "text-amber-700" : ""],
            [t("stale"), env.apps.stale, env.apps.stale ? "text-red-700" : ""],
          ] as const
        ).map(([label, n, tone]) => (
          <div key={label} className="flex flex-col-reverse rounded-md bg-zinc-50 px-1 py-1.5">
            <dt className="text-[11px] text-zinc-500">{label}</dt>
            <dd className={`text-base font-semibold ${tone || "text-zinc-900"}`}>{n}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

function AttentionCard({ apps }: { apps: DashboardApp[] }) {
  const t = useTranslations("overview");
  return (
    <Card title={t("attention")} description={t("attentionDescription")}>
      {apps.length === 0 ? (
        <p className="text-sm text-zinc-600">{t("allGood")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100 text-sm" aria-label={t("attention")}>
          {apps.map((a) => (
            <li key={a.id} className="py-2" data-testid={`dashboard-app-${a.id}`}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="min-w-0 truncate">
                  <Link href={`/apps/${a.id}`} className="font-medium hover:underline" translate="no">
                    {a.name}
                  </Link>{" "}
                  <span className="text-zinc-500" translate="no">
                    {a.environmentName}
                  </span>
                </span>
                <span className="flex items-center gap-2">
                  {a.stale ? (
                    <span title={t(`staleReason.${a.stale}`)}>
                      <StateBadge state="stale" label={t("staleStatus")} />
                    </span>
                  ) : (
                    <StateBadge state={a.status} />
                  )}
                </span>
              </div>
              {a.stale && <p className="text-xs text-red-700">{t(`staleReason.${a.stale}`)}</p>}
              <ul className="mt-1 space-y-0.5 text-xs text-zinc-600">
                {a.services
                  .filter((s) => s.running < s.desired || s.lastError)
                  .map((s) => (
                    <li key={s.id} className="truncate">
                      <Link href={`/services/${s.id}`} className="hover:underline" translate="no">
                        {s.name}
                      </Link>{" "}
                      <span className="tabular-nums">{t("replicas", { running: s.running, desired: s.desired })}</span>
                      {s.lastError && (
                        <span className="text-red-700" translate="no">
                          {" · "}
                          {s.lastError}
                        </span>
                      )}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
