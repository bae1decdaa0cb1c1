"use client";
// Which published port of the environment's pool belongs to which app and service. Leases change
// only on deploys, so this polls slowly.
import { useTranslations } from "next-intl";
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
  const t = useTranslations("ports");
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
        {t.rich("summary", { from: range.from, to: range.to, leased: items.length, size, mono: (c) => <span className="font-mono">{c}</span> })}
      </p>
      {items.length === 0 ? (
        <EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState>
      ) : (
        <Table caption={t("caption")}>
          <THead>
            <Th>{t("colPublished")}</Th>
            <Th>{t("colTarget")}</Th>
            <Th>{t("colApp")}</Th>
            <Th>{t("colService")}</Th>
          </THead>
          <TBody>
            {items.map((l) => (
              <Tr key={`${l.port}/${l.protocol}`}>
                <Td className="font-mono text-xs">
                  {l.port}/{l.protocol}
                </Td>
                <Td className="font-mono text-xs">{l.targetPort}</Td>
                <Td>
                  {l.app ? (
                    <Link href={`/apps/${l.app.id}`} className="text-blue-800 hover:underline">
                      {l.app.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
                <Td>
                  {l.service ? (
                    <Link href={`/services/${l.service.id}`} className="text-blue-800 hover:underline">
                      {l.service.name}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}
