"use client";
// The hosts of one environment, live: the reconciler rewrites status, resources and last error
// every few seconds, so the table polls the REST list (fast while a host is joining or leaving).
// Owners get a remove button that drains the host and makes it leave the swarm.
import { useQuery, useQueryClient } from "@tanstack/react-query";
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
          <Th>{t("colEndpoint")}</Th>
          <Th>{t("colStatus")}</Th>
          <Th>{t("colRole")}</Th>
          <Th>{t("colEngine")}</Th>
          <Th className="text-right">{t("colCpus")}</Th>
          <Th className="text-right">{t("colMemory")}</Th>
          <Th>{t("colLastSeen")}</Th>
          <Th>{t("colLastError")}</Th>
          {canManage && <Th className="text-right">{t("colActions")}</Th>}
        </THead>
        <TBody>
          {hosts.map((h) => (
            <Tr key={h.id}>
              <Td className="font-medium">
                {h.name}
                {h.advertiseAddr && <span className="block font-mono text-[11px] text-zinc-500">{h.advertiseAddr}</span>}
              </Td>
              <Td className="font-mono text-xs">
                {h.endpoint}
                {h.tls && <span className="ml-1 text-zinc-500">(TLS)</span>}
              </Td>
              <Td>
                <span className="inline-flex flex-wrap gap-1">
                  <StateBadge state={h.status} />
                  {h.availability === "drain" && <StateBadge state="drained" label={ta("drained")} />}
                </span>
              </Td>
              <Td className="text-xs">
                {h.swarmRole ? (t.has(`swarmRoles.${h.swarmRole}` as never) ? t(`swarmRoles.${h.swarmRole}` as never) : h.swarmRole) : "—"}
              </Td>
              <Td className="font-mono text-xs">{h.engineVersion ?? "—"}</Td>
              <Td className="text-right tabular-nums">{h.resources.cpus ?? "—"}</Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{formatBytes(h.resources.memoryBytes)}</Td>
              <Td className="font-mono text-xs whitespace-nowrap">
                <Time value={h.lastSeenAt} relative />
              </Td>
              <Td className="max-w-56 text-xs text-red-800">{h.lastError ?? <span className="text-zinc-400">—</span>}</Td>
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
