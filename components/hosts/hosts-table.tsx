"use client";
// The hosts of one environment, live: the reconciler rewrites status, resources and last error
// every few seconds, so the table polls the REST list (fast while a host is joining or leaving).
// Owners get a remove button that drains the host and makes it leave the swarm.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { HostDto } from "@/lib/hosts";
import { ConfirmDialog, EmptyState, TBody, Table, Td, Th, THead, Tr, formatBytes, formatTime, type FormAction } from "@/components/ui";
import { SEEDED, fetchJson, pollEvery } from "@/components/live/fetch-json";
import { BUSY_STATES, StateBadge } from "@/components/live/state-badge";
import { hostKeys } from "./host-keys";

interface Props {
  environmentId: string;
  initial: HostDto[];
  canManage: boolean;
  removeAction: FormAction;
  /** What to do when there are no hosts (differs for owners and everyone else). */
  emptyHint: string;
}

export function HostsTable({ environmentId, initial, canManage, removeAction, emptyHint }: Props) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: hostKeys.list(environmentId),
    queryFn: () => fetchJson<{ items: HostDto[] }>(`/api/v1/environments/${environmentId}/hosts`),
    initialData: { items: initial },
    ...SEEDED,
    refetchInterval: (query) => pollEvery(query.state.data?.items.some((h) => BUSY_STATES.has(h.status)) ?? false),
  });
  const hosts = q.data.items;

  if (hosts.length === 0) return <EmptyState title="No hosts yet">{emptyHint}</EmptyState>;
  return (
    <div className="space-y-2">
      <Table caption="Hosts">
        <THead>
          <Th>Name</Th>
          <Th>Endpoint</Th>
          <Th>Status</Th>
          <Th>Role</Th>
          <Th>Engine</Th>
          <Th className="text-right">CPUs</Th>
          <Th className="text-right">Memory</Th>
          <Th>Last seen</Th>
          <Th>Last error</Th>
          {canManage && <Th className="text-right">Actions</Th>}
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
                <StateBadge state={h.status} />
              </Td>
              <Td className="text-xs">{h.swarmRole ?? "—"}</Td>
              <Td className="font-mono text-xs">{h.engineVersion ?? "—"}</Td>
              <Td className="text-right tabular-nums">{h.resources.cpus ?? "—"}</Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{formatBytes(h.resources.memoryBytes)}</Td>
              <Td className="font-mono text-xs whitespace-nowrap">{formatTime(h.lastSeenAt, { seconds: true })}</Td>
              <Td className="max-w-56 text-xs text-red-800">{h.lastError ?? <span className="text-zinc-400">—</span>}</Td>
              {canManage && (
                <Td className="text-right">
                  {h.status !== "removing" && (
                    <ConfirmDialog
                      triggerLabel="Remove"
                      triggerAriaLabel={`Remove host ${h.name}`}
                      title={`Remove host ${h.name}?`}
                      description="Swarm drains it first (its tasks move to the other hosts), then it leaves the swarm. The environment's last host can only be removed once it has no apps."
                      confirmText={h.name}
                      confirmLabel="Remove host"
                      action={removeAction}
                      values={{ environmentId, hostId: h.id }}
                      successMessage={`Removing ${h.name}: draining, then leaving the swarm`}
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
          Live updates paused: {q.error.message}
        </p>
      )}
    </div>
  );
}
