"use client";
// The audit log table. The first page comes from the server render; "Load more" fetches the next
// pages by cursor from the REST endpoint (the same listAudit use-case) and appends them.
import { useTranslations } from "next-intl";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEventDto } from "@/lib/audit";
import { Button, EmptyState, StatusBadge, TBody, Table, Td, Th, THead, Tr, Time } from "@/components/ui";
import { apiHeaders } from "@/components/live/fetch-json";
import { auditKeys, type AuditFilters } from "./audit-keys";

interface Page {
  items: AuditEventDto[];
  nextCursor: string | null;
}

async function fetchPage(filters: AuditFilters, cursor: string, pageSize: number, failed: (status: number) => string): Promise<Page> {
  const qs = new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), cursor, limit: String(pageSize) });
  const res = await fetch(`/api/v1/audit?${qs}`, { headers: apiHeaders() });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? failed(res.status));
  return body as Page;
}

function details(d: Record<string, unknown>): string {
  const entries = Object.entries(d).filter(([, v]) => v !== undefined && v !== null);
  return entries.map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
}

export function AuditTable({
  filters,
  pageSize,
  firstPage,
  tenantNames,
}: {
  filters: AuditFilters;
  pageSize: number;
  firstPage: Page;
  tenantNames: Record<string, string>;
}) {
  const t = useTranslations("auditTable");
  const q = useInfiniteQuery({
    queryKey: auditKeys.list(filters, pageSize),
    queryFn: ({ pageParam }) => fetchPage(filters, pageParam as string, pageSize, (status) => t("loadFailed", { status })),
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
    return <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>;
  }
  return (
    <div className="space-y-4">
      <Table caption={t("caption")}>
        <THead>
          <Th>{t("colTime")}</Th>
          <Th>{t("colActor")}</Th>
          <Th>{t("colTenant")}</Th>
          <Th>{t("colAction")}</Th>
          <Th>{t("colTarget")}</Th>
          <Th>{t("colResult")}</Th>
          <Th>{t("colDetails")}</Th>
        </THead>
        <TBody>
          {rows.map((e) => (
            <Tr key={e.id}>
              <Td className="font-mono text-xs whitespace-nowrap">
                <Time value={e.createdAt} seconds />
              </Td>
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
        <p className="text-sm text-zinc-600">{t("shown", { count: rows.length })}</p>
        {q.error && (
          <p role="alert" className="text-sm text-red-700">
            {q.error.message}
          </p>
        )}
        {q.hasNextPage ? (
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage}>
            {t("loadMore")}
          </Button>
        ) : (
          <p className="text-sm text-zinc-500">{t("end")}</p>
        )}
      </div>
    </div>
  );
}
