// The usage chart (CPU-hours used per group, plain bars) and table with totals and cost.
import { getTranslations } from "next-intl/server";
import { Card, EmptyState, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import type { UsageAnswer } from "@/lib/usage";

const n3 = (n: number) => n.toFixed(6);
const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

export async function UsageTable({ usage }: { usage: UsageAnswer }) {
  const t = await getTranslations("quota");
  if (usage.items.length === 0) return <EmptyState title={t("usage.caption", { from: usage.from, to: usage.to })}>{t("usage.empty")}</EmptyState>;
  const max = Math.max(...usage.items.map((i) => i.cpuHoursUsed), 1e-9);
  return (
    <>
      <Card title={t("usage.chart")}>
        <ul className="space-y-1.5" aria-label={t("usage.chart")}>
          {usage.items.map((i) => (
            <li key={`${i.tenantId}|${i.key}`} className="grid grid-cols-[12rem_1fr_6rem] items-center gap-3 text-sm">
              <span className="truncate">{i.label}</span>
              <span className="h-3 rounded bg-blue-600" style={{ width: `${Math.max(1, (100 * i.cpuHoursUsed) / max)}%` }} />
              <span className="text-right tabular-nums">{n3(i.cpuHoursUsed)}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t("usage.caption", { from: usage.from, to: usage.to })}>
        <Table caption={t("usage.caption", { from: usage.from, to: usage.to })}>
          <THead>
            <Th>{t("usage.tenant")}</Th>
            <Th>{t("usage.colGroup")}</Th>
            <Th className="text-right">{t("usage.colCpuUsed")}</Th>
            <Th className="text-right">{t("usage.colCpuReserved")}</Th>
            <Th className="text-right">{t("usage.colMemUsed")}</Th>
            <Th className="text-right">{t("usage.colMemReserved")}</Th>
            <Th className="text-right">{t("usage.colNet")}</Th>
            <Th className="text-right">{t("usage.colBlock")}</Th>
            <Th className="text-right">{t("usage.colCost")}</Th>
          </THead>
          <TBody>
            {usage.items.map((i) => (
              <Tr key={`${i.tenantId}|${i.key}`}>
                <Td>{i.tenantName}</Td>
                <Td>{i.label}</Td>
                <Td className="text-right tabular-nums" data-testid="usage-cpu-used">
                  {n3(i.cpuHoursUsed)}
                </Td>
                <Td className="text-right tabular-nums">{n3(i.cpuHoursReserved)}</Td>
                <Td className="text-right tabular-nums" data-testid="usage-mem-used">
                  {n3(i.memGbHoursUsed)}
                </Td>
                <Td className="text-right tabular-nums">{n3(i.memGbHoursReserved)}</Td>
                <Td className="text-right text-xs tabular-nums">
                  {mb(i.netRxBytes)} / {mb(i.netTxBytes)}
                </Td>
                <Td className="text-right text-xs tabular-nums">
                  {mb(i.blkReadBytes)} / {mb(i.blkWriteBytes)}
                </Td>
                <Td className="text-right tabular-nums">
                  {i.cost.toFixed(2)} {usage.currency}
                </Td>
              </Tr>
            ))}
            <Tr className="font-semibold">
              <Td>{t("usage.total")}</Td>
              <Td />
              <Td className="text-right tabular-nums" data-testid="usage-total-cpu-used">
                {n3(usage.totals.cpuHoursUsed)}
              </Td>
              <Td className="text-right tabular-nums">{n3(usage.totals.cpuHoursReserved)}</Td>
              <Td className="text-right tabular-nums" data-testid="usage-total-mem-used">
                {n3(usage.totals.memGbHoursUsed)}
              </Td>
              <Td className="text-right tabular-nums">{n3(usage.totals.memGbHoursReserved)}</Td>
              <Td />
              <Td />
              <Td className="text-right tabular-nums" data-testid="usage-total-cost">
                {usage.totals.cost.toFixed(2)} {usage.currency}
              </Td>
            </Tr>
          </TBody>
        </Table>
      </Card>
    </>
  );
}
