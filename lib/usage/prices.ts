import { db } from "@/lib/db";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { parseInput, z } from "@/lib/validation";

export const ENV_KINDS = ["shared", "dedicated"] as const;
export interface PriceDto {
  kind: (typeof ENV_KINDS)[number];
  cpuHour: number;
  memoryGbHour: number;
  currency: string;
}

export async function readPrices(): Promise<PriceDto[]> {
  const rows = await db.price.findMany();
  return ENV_KINDS.map((kind) => {
    const r = rows.find((x) => x.kind === kind);
    return { kind, cpuHour: r?.cpuHour ?? 0, memoryGbHour: r?.memoryGbHour ?? 0, currency: r?.currency ?? "CNY" };
  });
}

/** The price table: readable by every user (they see what their usage costs). */
export async function listPrices({ actor }: { actor: Actor }): Promise<{ items: PriceDto[] }> {
  void actor; // any signed-in user; the transport has authenticated it
  return { items: await readPrices() };
}

const priceInput = z
  .object({
    items: z
      .array(
        z
          .object({
            kind: z.enum(ENV_KINDS),
            cpuHour: z.coerce.number().min(0).max(1_000_000),
            memoryGbHour: z.coerce.number().min(0).max(1_000_000),
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/)
              .optional(),
          })
          .strict(),
      )
      .min(1)
      .max(2),
  })
  .strict();

export async function setPrices({ actor, input }: { actor: Actor; input: unknown }): Promise<{ items: PriceDto[] }> {
  authorize(actor, "price.manage");
  const data = parseInput(priceInput, input);
  await db.$transaction(async (tx) => {
    for (const p of data.items) {
      const values = { cpuHour: p.cpuHour, memoryGbHour: p.memoryGbHour, ...(p.currency ? { currency: p.currency } : {}) };
      await tx.price.upsert({ where: { kind: p.kind }, create: { kind: p.kind, ...values }, update: values });
    }
    await recordAudit(tx, { actor, tenantId: null, action: "price.update", targetType: "price", targetId: null, details: data });
  });
  return { items: await readPrices() };
}
