"use client";
// Per-host totals for the environment page: running containers and the sum of their latest
// sampled CPU and memory (GET /environments/{id}/host-stats), refreshed with the sampler.
import { useQuery } from "@tanstack/react-query";
import { EmptyState, TBody, Table, Td, Th, THead, Tr, formatBytes } from "@/components/ui";
import { fetchJson } from "@/components/live/fetch-json";

type HostTotal = { hostId: string; name: string; cpus: number | null; memoryBytes: number | null; containers: number; cpuPercent: number; memoryUsed: number };

export function HostStats({ environmentId }: { environmentId: string }) {
  const q = useQuery({ queryKey: ["host-stats", environmentId], queryFn: () => fetchJson<{ items: HostTotal[] }>(`/api/v1/environments/${environmentId}/host-stats`), refetchInterval: 10_000 });
  const items = q.data?.items ?? [];
  if (!q.data) return <p className="text-sm text-zinc-500">{q.error ? (q.error as Error).message : "Loading…"}</p>;
  if (items.length === 0) return <EmptyState title="No hosts">Add a host to see its load.</EmptyState>;
  return (
    <Table caption="Host load">
      <THead>
        <Th>Host</Th>
        <Th className="text-right">Containers</Th>
        <Th className="text-right">CPU (sum of containers)</Th>
        <Th className="text-right">Memory used</Th>
      </THead>
      <TBody>
        {items.map((h) => (
          <Tr key={h.hostId}>
            <Td>{h.name}</Td>
            <Td className="text-right tabular-nums">{h.containers}</Td>
            <Td className="text-right tabular-nums">{h.cpuPercent.toFixed(1)} %{h.cpus ? ` of ${h.cpus * 100} %` : ""}</Td>
            <Td className="text-right tabular-nums">{formatBytes(h.memoryUsed)}{h.memoryBytes ? ` of ${formatBytes(h.memoryBytes)}` : ""}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
