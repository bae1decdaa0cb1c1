"use client";
// The audit log table. The first page comes from the server render; "Load more" fetches the next
// pages by cursor from the REST endpoint (the same listAudit use-case) and appends them.
import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEventDto } from "@/lib/audit";
import { Button, EmptyState, StatusBadge, TBody, Table, Td, Th, THead, Tr, formatTime } from "@/components/ui";
import { auditKeys, type AuditFilters } from "./audit-keys";

interface Page {
  items: AuditEventDto[];
  nextCursor: string | null;
}

async function fetchPage(filters: AuditFilters, cursor: string, pageSize: number): Promise<Page> {
  const qs = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), cursor, limit: String(pageSize) });
  const res = await fetch(`/api/v1/audit?${qs}`, { headers: { accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `The audit log could not be loaded (HTTP ${res.status}).`);
  return body as Page;
}

function details(d: Record<string, unknown>): string {
  const entries = Object.entries(d).filter(([, v]) => v !== undefined && v !== null);
  return entries.map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
}

export function AuditTable({ filters, pageSize, firstPage, tenantNames }: { filters: AuditFilters; pageSize: number; firstPage: Page; tenantNames: Record<string, string> }) {
  const q = useInfiniteQuery({
    queryKey: auditKeys.list(filters, pageSize),
    queryFn: ({ pageParam }) => fetchPage(filters, pageParam as string, pageSize),
    initialPageParam: "",
    getNextPageParam: (last: Page) => last.nextCursor ?? undefined,
    initialData: { pages: [firstPage], pageParams: [""] },
    // The server render is the fresh first page; don't refetch it, and drop the cache on leaving
    // so the next visit starts from a new server render instead of stale pages.
    staleTime: Infinity,
    gcTime: 0,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];

  if (rows.length === 0) {
    return <EmptyState title="No events match">Change or clear the filters. Every change made in the portal (tenants, users, members, environments, tokens) is recorded here.</EmptyState>;
  }
  return (
    <div className="space-y-4">
      <Table caption="Audit events">
        <THead>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Tenant</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Result</Th>
          <Th>Details</Th>
        </THead>
        <TBody>
          {rows.map((e) => (
            <Tr key={e.id}>
              <Td className="font-mono text-xs whitespace-nowrap">{formatTime(e.createdAt, { seconds: true })}</Td>
              <Td className="text-xs">{e.actorEmail}</Td>
              <Td className="text-xs">{e.tenantId ? (tenantNames[e.tenantId] ?? <span className="font-mono">{e.tenantId}</span>) : "—"}</Td>
              <Td className="font-mono text-xs">{e.action}</Td>
              <Td className="text-xs">
                {e.targetType}
                {e.targetId && <span className="block font-mono text-[11px] text-zinc-500">{e.targetId}</span>}
              </Td>
              <Td>
                <StatusBadge status={e.result} />
              </Td>
              <Td className="max-w-xs truncate font-mono text-[11px] text-zinc-600" title={details(e.details)}>
                {details(e.details)}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <div className="flex items-center justify-between gap-4" aria-live="polite">
        <p className="text-sm text-zinc-600">{rows.length} events shown</p>
        {q.error && <p role="alert" className="text-sm text-red-700">{q.error.message}</p>}
        {q.hasNextPage ? (
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            Load more
          </Button>
        ) : (
          <p className="text-sm text-zinc-500">End of the log</p>
        )}
      </div>
    </div>
  );
}
