"use client";
// The hosts of one environment, live: the reconciler rewrites status, resources and last error
// every few seconds, so the table polls the REST list (fast while a host is joining or leaving).
// Owners get a remove button that drains the host and makes it leave the swarm. Each name links to
// the host's page. Endpoint and last error sit under name and status, so the table fits a 1440 px
// screen without scrolling (issue 11).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { HostDto } from "@/lib/hosts";
import { ConfirmDialog, EmptyState, TBody, Table, Td, Th, THead, Tr, formatBytes, Time, type FormAction } from "@/components/ui";
import { SEEDED, fetchJson, pollEvery } from "@/components/live/fetch-json";
import { BUSY_STATES, StateBadge } from "@/components/live/state-badge";
import { hostKeys } from "./host-keys";

interface Props {
  environmentId: string;
  initial: HostDto[];
  canManage: boolean;
  removeAction: FormAction;
  /** Drain / activate (owners); absent: no such buttons. */
  availabilityAction?: FormAction;
  /** What to do when there are no hosts (differs for owners and everyone else). */
  emptyHint: string;
}

export function HostsTable({ environmentId, initial, canManage, removeAction, availabilityAction, emptyHint }: Props) {
  const t = useTranslations("hosts");
  const ta = useTranslations("hostActions");
  const th = useTranslations("hostops.table");
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: hostKeys.list(environmentId),
    queryFn: () => fetchJson<{ items: HostDto[] }>(`/api/v1/environments/${environmentId}/hosts`),
    initialData: { items: initial },
    ...SEEDED,
    refetchInterval: (query) => pollEvery(query.state.data?.items.some((h) => BUSY_STATES.has(h.status)) ?? false),
  });
  const hosts = q.data.items;

  if (hosts.length === 0) return <EmptyState title={t("emptyTitle")}>{emptyHint}</EmptyState>;
  return (
    <div className="space-y-2">
      <Table caption={t("caption")}>
        <THead>
          <Th>{t("colName")}</Th>
          <Th>{t("colStatus")}</Th>
          <Th>{t("colRole")}</Th>
          <Th>{t("colEngine")}</Th>
          <Th>{th("colResources")}</Th>
          <Th>{t("colLastSeen")}</Th>
          {canManage && <Th className="text-right">{t("colActions")}</Th>}
        </THead>
        <TBody>
          {hosts.map((h) => (
            <Tr key={h.id}>
              <Td className="max-w-72">
                <Link href={`/hosts/${h.id}`} className="font-medium text-blue-700 hover:underline" aria-label={th("openAria", { name: h.name })}>
                  {h.name}
                </Link>
                {h.advertiseAddr && <span className="block font-mono text-[11px] text-zinc-500">{h.advertiseAddr}</span>}
                <span className="block font-mono text-[11px] break-all text-zinc-500" title={t("colEndpoint")}>
                  {h.endpoint}
                  {h.tls && <span className="ml-1">(TLS)</span>}
                </span>
              </Td>
              <Td className="max-w-64">
                <span className="inline-flex flex-wrap gap-1">
                  <StateBadge state={h.status} />
                  {h.availability === "drain" && <StateBadge state="drained" label={ta("drained")} />}
                </span>
                {h.lastError && (
                  <span className="mt-1 block text-xs break-words text-red-800" title={t("colLastError")}>
                    {h.lastError}
                  </span>
                )}
              </Td>
              <Td className="text-xs">
                {h.swarmRole ? (t.has(`swarmRoles.${h.swarmRole}` as never) ? t(`swarmRoles.${h.swarmRole}` as never) : h.swarmRole) : "—"}
              </Td>
              <Td className="font-mono text-xs">{h.engineVersion ?? "—"}</Td>
              <Td className="text-xs whitespace-nowrap tabular-nums">
                {th("resourcesValue", { cpus: h.resources.cpus ?? "—", memory: formatBytes(h.resources.memoryBytes) })}
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">
                <Time value={h.lastSeenAt} relative />
              </Td>
              {canManage && (
                <Td className="text-right whitespace-nowrap">
                  {availabilityAction && h.status === "ready" && (
                    <span className="mr-1 inline-block">
                      {h.availability === "drain" ? (
                        <ConfirmDialog
                          triggerLabel={ta("activate")}
                          triggerAriaLabel={ta("activateAria", { name: h.name })}
                          triggerVariant="secondary"
                          title={ta("activateTitle", { name: h.name })}
                          description={ta("activateBody")}
                          confirmLabel={ta("activate")}
                          action={availabilityAction}
                          values={{ environmentId, hostId: h.id, availability: "active" }}
                          successMessage={ta("activated", { name: h.name })}
                          onSuccess={() => void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) })}
                        />
                      ) : (
                        <ConfirmDialog
                          triggerLabel={ta("drain")}
                          triggerAriaLabel={ta("drainAria", { name: h.name })}
                          triggerVariant="secondary"
                          title={ta("drainTitle", { name: h.name })}
                          description={ta("drainBody")}
                          confirmLabel={ta("drain")}
                          action={availabilityAction}
                          values={{ environmentId, hostId: h.id, availability: "drain" }}
                          successMessage={ta("draining", { name: h.name })}
                          onSuccess={() => void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) })}
                        />
                      )}
                    </span>
                  )}
                  {h.status !== "removing" && (
                    <ConfirmDialog
                      triggerLabel={t("remove")}
                      triggerAriaLabel={t("removeAria", { name: h.name })}
                      title={t("removeTitle", { name: h.name })}
                      description={t("removeDescription")}
                      confirmText={h.name}
                      confirmLabel={t("removeConfirm")}
                      action={removeAction}
                      values={{ environmentId, hostId: h.id }}
                      successMessage={t("removing", { name: h.name })}
                      onSuccess={() => void qc.invalidateQueries({ queryKey: hostKeys.list(environmentId) })}
                    />
                  )}
                </Td>
              )}
            </Tr>
          ))}
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
