// A host's page (issue 15): what its engine says about itself, its own CPU / memory / disk use now
// and over time (a probe on the host, not the sum of containers), a warning when the Docker root's
// disk is nearly full (also an alert rule: host_disk_above), its node labels, and (owners) rename,
// label editing and, for hosts added with the registration command, certificate rotation. Tenant-scoped:
// another tenant's host id is a 404; viewers read.
import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CurrentTenant } from "@/components/shell/current-tenant";
import { getEnvironment } from "@/lib/environments";
import { DISK_WARNING_PERCENT, getHostDetails, listHostMetrics } from "@/lib/hosts";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { Card, DescriptionList, PageHeader, Time, formatBytes } from "@/components/ui";
import { StateBadge } from "@/components/live/state-badge";
import { LineChart } from "@/components/observe/line-chart";
import { HostLabelsForm, HostRenameForm } from "@/components/hosts/host-edit-forms";
import { RotateCertificateButton } from "@/components/hosts/rotate-certificate-button";
import { isRegisteredHost } from "@/lib/hostreg";
import { renameHostAction, setHostLabelsAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("hostops.page");
  return { title: t("metaTitle") };
}

const RANGES = ["1h", "6h", "24h"] as const;

export default async function HostPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ range?: string }> }) {
  const { id } = await params;
  const { range: rawRange } = await searchParams;
  const range = RANGES.find((r) => r === rawRange) ?? "1h";
  const actor = await pageActor();
  const t = await getTranslations("hostops.page");
  const host = await orNotFound(getHostDetails({ actor, hostId: id }));
  const [env, metrics, registered] = await Promise.all([
    getEnvironment({ actor, environmentId: host.environmentId }),
    listHostMetrics({ actor, hostId: host.id, query: { range } }),
    isRegisteredHost({ actor, hostId: host.id }),
  ]);
  const canManage = env.shared ? can(actor, "environment.shared.manage") : can(actor, "host.manage", { tenantId: env.tenantId ?? undefined });
  const d = host.details;
  const u = d.usage;
  const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 1000) / 10}%` : "—");
  const series = (name: string, pick: (p: (typeof metrics.items)[number]) => number) => [
    { name, points: metrics.items.map((p) => ({ at: p.at, value: pick(p) })) },
  ];

  return (
    <>
      {env.tenantId && <CurrentTenant id={env.tenantId} />}
      <PageHeader
        eyebrow={
          <>
            <Link href={`/environments/${env.id}`} className="hover:underline">
              {env.name}
            </Link>{" "}
            / {t("eyebrow")}
          </>
        }
        title={host.name}
        description={<span className="font-mono">{host.endpoint}</span>}
        actions={
          <span className="inline-flex gap-1">
            <StateBadge state={host.status} />
            {host.availability !== "active" && <StateBadge state="drained" label={t(`availability.${host.availability}`)} />}
            {canManage && registered && <RotateCertificateButton hostId={host.id} hostName={host.name} environmentId={env.id} />}
          </span>
        }
      />
      <div className="space-y-6">
        {d.diskWarning && (
          <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="disk-warning">
            {t("diskWarning", { percent: d.diskPercent ?? 0, threshold: DISK_WARNING_PERCENT })}
          </div>
        )}
        {!d.reachable && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
            {d.error ?? t("unreachable")}
          </div>
        )}

        <Card title={t("usageTitle")} description={t("usageDescription")}>
          {u ? (
            <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="host-usage">
              <div>
                <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("cpu")}</dt>
                <dd className="text-2xl font-semibold tabular-nums">{u.cpuPercent}%</dd>
              </div>
              <div>
                <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("memory")}</dt>
                <dd className="text-2xl font-semibold tabular-nums">{pct(u.memoryUsed, u.memoryTotal)}</dd>
                <dd className="text-xs text-zinc-600">{t("usedOf", { used: formatBytes(u.memoryUsed), total: formatBytes(u.memoryTotal) })}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("disk")}</dt>
                <dd className={`text-2xl font-semibold tabular-nums ${d.diskWarning ? "text-amber-700" : ""}`}>{pct(u.diskUsed, u.diskTotal)}</dd>
                <dd className="text-xs text-zinc-600">{t("usedOf", { used: formatBytes(u.diskUsed), total: formatBytes(u.diskTotal) })}</dd>
              </div>
              <p className="text-xs text-zinc-500 sm:col-span-3">
                {t("sampledAt")} <Time value={u.at} relative />
              </p>
            </dl>
          ) : (
            <p className="text-sm text-zinc-600">{t("noUsage")}</p>
          )}
        </Card>

        <Card
          title={t("historyTitle")}
          actions={
            <nav aria-label={t("rangeLabel")} className="flex gap-1 text-sm">
              {RANGES.map((r) => (
                <Link
                  key={r}
                  href={`/hosts/${host.id}?range=${r}`}
                  aria-current={r === range ? "page" : undefined}
                  className={`rounded px-2 py-0.5 ${r === range ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-100"}`}
                >
                  {r}
                </Link>
              ))}
            </nav>
          }
        >
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-3">
            <LineChart title={t("cpuChart")} unit="percent" series={series(t("cpu"), (p) => p.cpuPercent)} emptyText={t("chartEmpty")} />
            <LineChart title={t("memoryChart")} unit="bytes" series={series(t("memory"), (p) => p.memoryUsed)} emptyText={t("chartEmpty")} />
            <LineChart title={t("diskChart")} unit="bytes" series={series(t("disk"), (p) => p.diskUsed)} emptyText={t("chartEmpty")} />
          </div>
        </Card>

        <Card title={t("engineTitle")}>
          <DescriptionList
            items={[
              { label: t("engineVersion"), value: <span className="font-mono">{d.engine?.version ?? host.engineVersion ?? "—"}</span> },
              { label: t("os"), value: d.engine ? `${d.engine.os} (${d.engine.arch})` : (host.resources.os ?? "—") },
              { label: t("kernel"), value: <span className="font-mono">{d.engine?.kernelVersion ?? "—"}</span> },
              { label: t("cpus"), value: d.engine?.cpus ?? host.resources.cpus ?? "—" },
              { label: t("memoryTotal"), value: formatBytes(d.engine?.memoryBytes ?? host.resources.memoryBytes) },
              { label: t("dockerRoot"), value: <span className="font-mono">{d.engine?.dockerRootDir ?? "—"}</span> },
              { label: t("diskTotal"), value: u ? formatBytes(u.diskTotal) : "—" },
              { label: t("role"), value: host.swarmRole ?? "—" },
              { label: t("availabilityLabel"), value: t(`availability.${host.availability}`) },
              { label: t("advertiseAddr"), value: <span className="font-mono">{host.advertiseAddr ?? "—"}</span> },
              { label: t("transport"), value: host.tls ? "TLS" : host.endpoint.startsWith("ssh://") ? "SSH" : host.endpoint.split("://")[0] },
              ...(host.sshHostKey ? [{ label: t("sshHostKey"), value: <span className="font-mono text-xs break-all">{host.sshHostKey}</span> }] : []),
              { label: t("lastSeen"), value: <Time value={host.lastSeenAt} relative /> },
              { label: t("added"), value: <Time value={host.createdAt} /> },
            ]}
          />
        </Card>

        <Card title={t("labelsTitle")} description={t("labelsDescription")}>
          {Object.keys(host.labels).length > 0 ? (
            <ul className="mb-4 flex flex-wrap gap-1" aria-label={t("labelsTitle")}>
              {Object.entries(host.labels).map(([k, v]) => (
                <li key={k} className="rounded bg-zinc-100 px-2 py-0.5 font-mono text-xs">
                  {k}={v}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mb-4 text-sm text-zinc-600">{t("noLabels")}</p>
          )}
          {canManage && <HostLabelsForm hostId={host.id} labels={host.labels} action={setHostLabelsAction} />}
        </Card>

        {canManage && (
          <Card title={t("renameTitle")} description={t("renameDescription")}>
            <HostRenameForm hostId={host.id} name={host.name} action={renameHostAction} />
          </Card>
        )}
      </div>
    </>
  );
}
