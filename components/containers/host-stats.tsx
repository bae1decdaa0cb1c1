"use client";
// Per-host totals for the environment page: running containers and the sum of their latest
// sampled CPU and memory (GET /environments/{id}/host-stats), refreshed with the sampler.
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import { EmptyState, TBody, Table, Td, Th, THead, Tr, formatBytes } from "@/components/ui";
import { fetchJson } from "@/components/live/fetch-json";

type HostTotal = { hostId: string; name: string; cpus: number | null; memoryBytes: number | null; containers: number; cpuPercent: number; memoryUsed: number };

export function HostStats({ environmentId }: { environmentId: string }) {
  const t = useTranslations("hostStats");
  const q = useQuery({
    queryKey: ["host-stats", environmentId],
    queryFn: () => fetchJson<{ items: HostTotal[] }>(`/api/v1/environments/${environmentId}/host-stats`),
    refetchInterval: 10_000,
  });
  const items = q.data?.items ?? [];
  if (!q.data) return <p className="text-sm text-zinc-500">{q.error ? (q.error as Error).message : t("loading")}</p>;
  if (items.length === 0) return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  return (
    <Table caption={t("caption")}>
      <THead>
        <Th>{t("colHost")}</Th>
        <Th className="text-right">{t("colContainers")}</Th>
        <Th className="text-right">{t("colCpu")}</Th>
        <Th className="text-right">{t("colMemory")}</Th>
      </THead>
      <TBody>
        {items.map((h) => (
          <Tr key={h.hostId}>
            <Td>{h.name}</Td>
            <Td className="text-right tabular-nums">{h.containers}</Td>
            <Td className="text-right tabular-nums">
              {h.cpus ? t("ofTotal", { used: `${h.cpuPercent.toFixed(1)} %`, total: `${h.cpus * 100} %` }) : `${h.cpuPercent.toFixed(1)} %`}
            </Td>
            <Td className="text-right tabular-nums">
              {h.memoryBytes ? t("ofTotal", { used: formatBytes(h.memoryUsed), total: formatBytes(h.memoryBytes) }) : formatBytes(h.memoryUsed)}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
