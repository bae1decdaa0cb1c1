import { z } from "@/lib/validation";

const count = z.coerce.number().int().min(0).max(1_000_000).nullable().optional();

/** PUT body: each limit a number, or null for none; an omitted one keeps its value. */
export const quotaInput = z
  .object({
    cpus: z.coerce.number().min(0).max(100_000).nullable().optional(),
    memoryMb: count,
    services: count,
    replicas: count,
    ports: count,
    volumes: count,
  })
  .strict();

export const quotaQuery = z.object({ environmentId: z.string().min(1).max(64).optional() }).strict();
