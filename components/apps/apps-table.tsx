"use client";
// The apps of one environment, live: status and replica counts move while deploys run and the
// reconciler observes the swarm, so the list polls (fast while an app deploys or is deleted).
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { AppDto } from "@/lib/apps";
import { EmptyState, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { SEEDED, fetchJson, pollEvery } from "@/components/live/fetch-json";
import { BUSY_STATES, StateBadge } from "@/components/live/state-badge";
import { appKeys } from "./app-keys";
import { replicaTotals } from "./replica-totals";

export function AppsTable({ environmentId, initial, emptyHint }: { environmentId: string; initial: AppDto[]; emptyHint: string }) {
  const t = useTranslations("appsTable");
  const q = useQuery({
    queryKey: appKeys.list(environmentId),
    queryFn: () => fetchJson<{ items: AppDto[] }>(`/api/v1/environments/${environmentId}/apps?limit=500`),
    initialData: { items: initial },
    ...SEEDED,
    refetchInterval: (query) => pollEvery(query.state.data?.items.some((a) => BUSY_STATES.has(a.status)) ?? false),
  });
  const apps = q.data.items;
  if (apps.length === 0) return <EmptyState title={t("emptyTitle")}>{emptyHint}</EmptyState>;
  return (
    <div className="space-y-2">
      <Table caption={t("caption")}>
        <THead>
          <Th>{t("colName")}</Th>
          <Th>{t("colStatus")}</Th>
          <Th className="text-right">{t("colRevision")}</Th>
          <Th>{t("colServices")}</Th>
        </THead>
        <TBody>
          {apps.map((a) => {
            const t = replicaTotals(a);
            return (
              <Tr key={a.id}>
                <Td>
                  <Link href={`/apps/${a.id}`} className="font-medium text-blue-800 hover:underline">
                    {a.name}
                  </Link>
                </Td>
                <Td>
                  <StateBadge state={a.status} />
                </Td>
                <Td className="text-right tabular-nums">{a.revision ?? "—"}</Td>
                <Td className="text-xs">
                  <span className="font-mono font-medium tabular-nums">
                    {t.running}/{t.desired}
                  </span>
                  <span className="ml-2 text-zinc-500">{a.services.map((s) => `${s.name} ${s.replicas.running}/${s.replicas.desired}`).join(" · ")}</span>
                </Td>
              </Tr>
            );
          })}
        </TBody>
      </Table>
      {q.error && (
        <p role="alert" className="text-sm text-red-700">
          {t("livePaused", { message: q.error.message })}
        </p>
      )}
    </div>
  );
}
