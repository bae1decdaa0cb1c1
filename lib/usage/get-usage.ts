// GET /usage: daily aggregates per tenant, grouped by day, app or environment, with cost from the
// price table (reserved CPU-hours and GB-hours at the environment kind's prices). JSON or CSV.
import { db } from "@/lib/db";
import { authorize, can, tenantIdsOf, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { readPrices } from "./prices";
import { add, costOf, dayOf, EMPTY, toCsv, type UsageFigures } from "./usage-model";

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.day");
const usageQuery = z
  .object({
    tenantId: z.string().min(1).max(64).optional(),
    from: dayString.optional(),
    to: dayString.optional(),
    groupBy: z.enum(["day", "app", "environment"]).default("day"),
    format: z.enum(["json", "csv"]).optional(),
  })
  .strict();

export interface UsageRowDto {
  tenantId: string;
  tenantName: string;
  /** The group: a day (YYYY-MM-DD), an app id or an environment id. */
  key: string;
  /** App or environment name (for day: the day). */
  label: string;
  cpuHoursUsed: number;
  cpuHoursReserved: number;
  memGbHoursUsed: number;
  memGbHoursReserved: number;
  netRxBytes: number;
  netTxBytes: number;
  blkReadBytes: number;
  blkWriteBytes: number;
  samples: number;
  cost: number;
}

export interface UsageAnswer {
  from: string;
  to: string;
  groupBy: "day" | "app" | "environment";
  currency: string;
  items: UsageRowDto[];
  totals: Omit<UsageRowDto, "tenantId" | "tenantName" | "key" | "label">;
}

const r6 = (n: number) => Math.round(n * 1e6) / 1e6;

export async function getUsage({ actor, query }: { actor: Actor; query?: unknown }): Promise<UsageAnswer> {
  const q = parseInput(usageQuery, query ?? {});
  let tenantIds: string[] | null;
  if (q.tenantId) {
    authorize(actor, "usage.read", { tenantId: q.tenantId, kind: "Tenant" });
    tenantIds = [q.tenantId];
  } else if (actor.platformAdmin) tenantIds = null;
  else tenantIds = tenantIdsOf(actor).filter((t) => can(actor, "usage.read", { tenantId: t }));
  const now = new Date();
  const from = q.from ?? dayOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  const to = q.to ?? dayOf(now);
  const rows = await db.usageDaily.findMany({
    where: { AND: [tenantIds ? { tenantId: { in: tenantIds } } : {}, { day: { gte: from } }, { day: { lte: to } }] },
    orderBy: [{ day: "asc" }, { id: "asc" }],
  });
  const prices = await readPrices();
  const priceOf = (kind: string) => prices.find((p) => p.kind === kind) ?? prices[0];
  const [apps, envs, tenants] = await Promise.all([
    db.app.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.appId))] } }, select: { id: true, name: true } }),
    db.environment.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.environmentId))] } }, select: { id: true, name: true } }),
    db.tenant.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.tenantId))] } }, select: { id: true, name: true } }),
  ]);
  const name = (list: { id: string; name: string }[], id: string) => list.find((x) => x.id === id)?.name ?? id;
  const groups = new Map<string, { tenantId: string; key: string; label: string; u: UsageFigures; cost: number }>();
  for (const r of rows) {
    const key = q.groupBy === "day" ? r.day : q.groupBy === "app" ? r.appId : r.environmentId;
    const label = q.groupBy === "day" ? r.day : q.groupBy === "app" ? name(apps, r.appId) : name(envs, r.environmentId);
    const k = `${r.tenantId}|${key}`;
    const cur = groups.get(k) ?? { tenantId: r.tenantId, key, label, u: EMPTY, cost: 0 };
    groups.set(k, { ...cur, u: add(cur.u, r), cost: cur.cost + costOf(r, priceOf(r.envKind)) });
  }
  const items: UsageRowDto[] = [...groups.values()].map((g) => ({
    tenantId: g.tenantId,
    tenantName: name(tenants, g.tenantId),
    key: g.key,
    label: g.label,
    cpuHoursUsed: r6(g.u.cpuHoursUsed),
    cpuHoursReserved: r6(g.u.cpuHoursReserved),
    memGbHoursUsed: r6(g.u.memGbHoursUsed),
    memGbHoursReserved: r6(g.u.memGbHoursReserved),
    netRxBytes: Number(g.u.netRxBytes),
    netTxBytes: Number(g.u.netTxBytes),
    blkReadBytes: Number(g.u.blkReadBytes),
    blkWriteBytes: Number(g.u.blkWriteBytes),
    samples: g.u.samples,
    cost: r6(g.cost),
  }));
  const sum = (k: keyof UsageAnswer["totals"]) => r6(items.reduce((a, i) => a + i[k], 0));
  return {
    from,
    to,
    groupBy: q.groupBy,
    currency: prices[0].currency,
    items,
    totals: {
      cpuHoursUsed: sum("cpuHoursUsed"),
      cpuHoursReserved: sum("cpuHoursReserved"),
      memGbHoursUsed: sum("memGbHoursUsed"),
      memGbHoursReserved: sum("memGbHoursReserved"),
      netRxBytes: sum("netRxBytes"),
      netTxBytes: sum("netTxBytes"),
      blkReadBytes: sum("blkReadBytes"),
      blkWriteBytes: sum("blkWriteBytes"),
      samples: sum("samples"),
      cost: sum("cost"),
    },
  };
}

export const USAGE_CSV_HEADER = [
  "tenant",
  "group",
  "name",
  "cpu_hours_used",
  "cpu_hours_reserved",
  "memory_gb_hours_used",
  "memory_gb_hours_reserved",
  "net_rx_bytes",
  "net_tx_bytes",
  "block_read_bytes",
  "block_write_bytes",
  "cost",
  "currency",
];

export function usageCsv(a: UsageAnswer): string {
  return toCsv(
    USAGE_CSV_HEADER,
    a.items.map((i) => [
      i.tenantName,
      i.key,
      i.label,
      i.cpuHoursUsed,
      i.cpuHoursReserved,
      i.memGbHoursUsed,
      i.memGbHoursReserved,
      i.netRxBytes,
      i.netTxBytes,
      i.blkReadBytes,
      i.blkWriteBytes,
      i.cost,
      a.currency,
    ]),
  );
}
