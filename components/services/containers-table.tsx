"use client";
// The tasks (containers) of a service as the reconciler last saw them: one row per slot and task,
// with the host it runs on and the engine's error when it failed.
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ContainerDto } from "@/lib/services";
import { EmptyState, TBody, Table, Td, Th, THead, Tr, Time } from "@/components/ui";
import { SEEDED, fetchJson, pollEvery } from "@/components/live/fetch-json";
import { StateBadge } from "@/components/live/state-badge";
import type { ServiceDto } from "@/lib/apps";
import { serviceKeys } from "./service-keys";
import { converging, useService } from "./use-service";

const settled = (c: ContainerDto) =>
  c.state === c.desiredState || (c.desiredState === "shutdown" && ["shutdown", "complete", "failed", "rejected", "orphaned"].includes(c.state));

export function ContainersTable({ service, initial }: { service: ServiceDto; initial: ContainerDto[] }) {
  const t = useTranslations("containersTable");
  const states = useTranslations("states");
  const serviceId = service.id;
  // Tasks change while the replicas converge (after a scale, a redeploy): poll fast then too.
  const busy = converging(useService(service).data);
  const q = useQuery({
    queryKey: serviceKeys.containers(serviceId),
    queryFn: () => fetchJson<{ items: ContainerDto[] }>(`/api/v1/services/${serviceId}/containers`),
    initialData: { items: initial },
    ...SEEDED,
    refetchInterval: (query) => pollEvery(busy || !(query.state.data?.items.every(settled) ?? true)),
  });
  const items = q.data.items;
  if (items.length === 0) return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  return (
    <Table caption={t("caption")}>
      <THead>
        <Th className="text-right">{t("colSlot")}</Th>
        <Th>{t("colState")}</Th>
        <Th>{t("colDesired")}</Th>
        <Th>{t("colHost")}</Th>
        <Th>{t("colTask")}</Th>
        <Th>{t("colUpdated")}</Th>
        <Th>{t("colError")}</Th>
        <Th>
          <span className="sr-only">{t("open")}</span>
        </Th>
      </THead>
      <TBody>
        {items.map((c) => (
          <Tr key={c.id}>
            <Td className="text-right tabular-nums">{c.slot ?? "—"}</Td>
            <Td>
              <StateBadge state={c.state} />
            </Td>
            <Td className="text-xs">{states.has(c.desiredState as never) ? states(c.desiredState as never) : c.desiredState}</Td>
            <Td className="text-xs">{c.host?.name ?? "—"}</Td>
            <Td className="font-mono text-[11px] text-zinc-500" title={c.taskId}>
              {c.taskId.slice(0, 12)}
            </Td>
            <Td className="font-mono text-xs whitespace-nowrap">
              <Time value={c.updatedAt} seconds />
            </Td>
            <Td className="max-w-72 text-xs text-red-800">{c.error ?? <span className="text-zinc-400">—</span>}</Td>
            <Td className="text-right text-xs whitespace-nowrap">
              {c.state === "running" && (
                <Link href={`/containers/${c.id}?tab=terminal`} className="text-blue-800 hover:underline" aria-label={t("terminalIn", { slot: c.slot ?? "" })}>
                  {t("terminal")}
                </Link>
              )}{" "}
              <Link href={`/containers/${c.id}`} className="text-blue-800 hover:underline">
                {t("open")}
              </Link>
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
