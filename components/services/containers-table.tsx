"use client";
// The tasks (containers) of a service as the reconciler last saw them: one row per slot and task,
// with the host it runs on and the engine's error when it failed.
import { useTranslations } from "next-intl";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ContainerDto } from "@/lib/services";
import { ConfirmDialog, EmptyState, Pager, TBody, Table, Td, Th, THead, Tr, Time, usePage, type FormAction } from "@/components/ui";
import { useRowLabels } from "@/components/ui/row-labels";
import { useQueryClient } from "@tanstack/react-query";
import { fetchJson, pollEvery, seedFirstPage } from "@/components/live/fetch-json";
import { StateBadge } from "@/components/live/state-badge";
import type { ServiceDto } from "@/lib/apps";
import { serviceKeys } from "./service-keys";
import { converging, useService } from "./use-service";
import { CONTAINERS_PAGE_SIZE } from "./page-sizes";

const settled = (c: ContainerDto) =>
  c.state === c.desiredState || (c.desiredState === "shutdown" && ["shutdown", "complete", "failed", "rejected", "orphaned"].includes(c.state));

/** Restart or remove one container (members): passed by the page, absent for viewers. */
export interface ContainerManageActions {
  restart: FormAction;
  remove: FormAction;
}

/** `initial` is the first page of the service's containers and `total` how many it has: the rest
 * is loaded once the page is live. */
export function ContainersTable({
  service,
  initial,
  total,
  manage,
}: {
  service: ServiceDto;
  initial: ContainerDto[];
  total: number;
  manage?: ContainerManageActions;
}) {
  const t = useTranslations("containersTable");
  const ta = useTranslations("containerActions");
  const rowLabel = useRowLabels("containersTable");
  const actionLabel = useRowLabels("containerActions");
  const qc = useQueryClient();
  const refresh = () => {
    for (const key of [serviceKeys.containers(service.id), serviceKeys.events(service.id), serviceKeys.detail(service.id)])
      void qc.invalidateQueries({ queryKey: key });
  };
  const states = useTranslations("states");
  const serviceId = service.id;
  // Tasks change while the replicas converge (after a scale, a redeploy): poll fast then too.
  const busy = converging(useService(service).data);
  const q = useQuery({
    queryKey: serviceKeys.containers(serviceId),
    queryFn: () => fetchJson<{ items: ContainerDto[] }>(`/api/v1/services/${serviceId}/containers`),
    ...seedFirstPage(initial, total > initial.length),
    refetchInterval: (query) => pollEvery(busy || !(query.state.data?.items.every(settled) ?? true)),
  });
  const items = q.data.items;
  // the total the server counted holds only while the list is still its first page
  const page = usePage(items, CONTAINERS_PAGE_SIZE, q.data.items === initial ? total : items.length);
  if (items.length === 0) return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  return (
    <>
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
          {page.items.map((c) => (
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
                  <Link
                    href={`/containers/${c.id}?tab=terminal`}
                    className="text-blue-800 hover:underline"
                    aria-label={rowLabel("terminalIn", { slot: c.slot ?? "" })}
                  >
                    {t("terminal")}
                  </Link>
                )}{" "}
                <Link href={`/containers/${c.id}`} className="text-blue-800 hover:underline">
                  {t("open")}
                </Link>
                {manage && c.state === "running" && (
                  <span className="ml-2 inline-flex gap-1 align-middle">
                    <ConfirmDialog
                      triggerLabel={ta("restart")}
                      triggerAriaLabel={actionLabel("restartSlot", { slot: c.slot ?? "", host: c.host?.name ?? "" })}
                      triggerVariant="secondary"
                      title={() => ta("restartTitle", { slot: c.slot ?? "", host: c.host?.name ?? "" })}
                      description={ta("restartBody")}
                      confirmLabel={ta("restart")}
                      action={manage.restart}
                      values={{ containerId: c.id, serviceId: service.id }}
                      successMessage={ta("restarted")}
                      onSuccess={refresh}
                    />
                    <ConfirmDialog
                      triggerLabel={ta("remove")}
                      triggerAriaLabel={actionLabel("removeSlot", { slot: c.slot ?? "", host: c.host?.name ?? "" })}
                      title={() => ta("removeTitle", { slot: c.slot ?? "", host: c.host?.name ?? "" })}
                      description={ta("removeBody")}
                      confirmLabel={ta("remove")}
                      action={manage.remove}
                      values={{ containerId: c.id, serviceId: service.id }}
                      successMessage={ta("removed")}
                      onSuccess={refresh}
                    />
                  </span>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <Pager of={page} label={t("pages")} />
    </>
  );
}
