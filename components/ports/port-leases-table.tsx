"use client";
// Which published port of the environment's pool belongs to which app and service. Leases change
// only on deploys, so this polls slowly.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { PortLeaseDto } from "@/lib/ports/list-ports";
import { EmptyState, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { SEEDED, POLL_SLOW_MS, fetchJson } from "@/components/live/fetch-json";
import { portKeys } from "./port-keys";

export interface PortLeases {
  range: { from: number; to: number };
  items: PortLeaseDto[];
}

export function PortLeasesTable({ environmentId, initial }: { environmentId: string; initial: PortLeases }) {
  const q = useQuery({
    queryKey: portKeys.list(environmentId),
    queryFn: () => fetchJson<PortLeases>(`/api/v1/environments/${environmentId}/ports`),
    initialData: initial,
    ...SEEDED,
    refetchInterval: POLL_SLOW_MS,
  });
  const { range, items } = q.data;
  const size = range.to - range.from + 1;
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600">
        {/* Worded "from … to" so the Overview's range stays the one "31000–31999" on the page. */}
        Pool from <span className="font-mono">{range.from}</span> to <span className="font-mono">{range.to}</span>: {items.length} of {size} ports leased.
      </p>
      {items.length === 0 ? (
        <EmptyState title="No ports leased">Services that publish a port (ports: - &quot;80&quot;) get one from this pool when their app is deployed.</EmptyState>
      ) : (
        <Table caption="Port leases">
          <THead>
            <Th>Published</Th>
            <Th>Target</Th>
            <Th>App</Th>
            <Th>Service</Th>
          </THead>
          <TBody>
            {items.map((l) => (
              <Tr key={`${l.port}/${l.protocol}`}>
                <Td className="font-mono text-xs">
                  {l.port}/{l.protocol}
                </Td>
                <Td className="font-mono text-xs">{l.targetPort}</Td>
                <Td>{l.app ? <Link href={`/apps/${l.app.id}`} className="text-blue-800 hover:underline">{l.app.name}</Link> : "—"}</Td>
                <Td>{l.service ? <Link href={`/services/${l.service.id}`} className="text-blue-800 hover:underline">{l.service.name}</Link> : "—"}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
