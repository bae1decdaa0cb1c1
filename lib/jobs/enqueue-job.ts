import { EventEmitter } from "node:events";
import type { Db } from "@/lib/db";
import { isTransaction, isUniqueViolation } from "@/lib/db";
import { insertRows, rowId } from "@/lib/db/sql-rows";
import { publishSignal } from "@/lib/db/signals";

/** Wake-ups: a job starts at once instead of at the next poll; live progress reaches sockets. On
 * globalThis because Next's bundled route code and server.ts load separate copies of this module
 * in one process. Events: enqueued, progress (job id), finished (job id). */
const g = globalThis as unknown as { __caasJobSignals?: EventEmitter };
export const jobSignals: EventEmitter = g.__caasJobSignals ?? (g.__caasJobSignals = new EventEmitter());
jobSignals.setMaxListeners(1000);

export type JobEvent = "enqueued" | "progress" | "finished";

/** Emits in this process and tells the other portal processes (PostgreSQL NOTIFY). */
export function emitJobSignal(event: JobEvent, jobId = ""): void {
  jobSignals.emit(event, jobId);
  void publishSignal({ topic: "job", event, id: jobId });
}

export interface EnqueueInput {
  kind: string;
  payload: Record<string, unknown>;
  tenantId?: string | null;
  createdById?: string | null;
  /** Jobs with the same key run one at a time, in creation order (e.g. `app:<id>`). */
  lockKey?: string;
  /** A retried submission with the same key returns the first job instead of a second one (T28). */
  idempotencyKey?: string;
}

export async function enqueueJob(tx: Db, input: EnqueueInput): Promise<{ id: string; created: boolean }> {
  if (input.idempotencyKey) {
    const existing = await tx.job.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (existing) return { id: existing.id, created: false };
  }
  try {
    // One plain INSERT (a model call is compiled each time; every deploy POST enqueues one).
    const job = { id: rowId() };
    await insertRows(tx, "Job", [
      {
        id: job.id,
        kind: input.kind,
        status: "pending",
        progress: 0,
        message: "",
        payloadJson: JSON.stringify(input.payload),
        tenantId: input.tenantId ?? null,
        createdById: input.createdById ?? null,
        lockKey: input.lockKey ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        attempts: 0,
        createdAt: new Date(),
      },
    ]);
    setImmediate(() => emitJobSignal("enqueued", job.id));
    return { id: job.id, created: true };
  } catch (e) {
    // Inside a PostgreSQL transaction nothing more can be read after the failed insert: the
    // caller's transaction retries (retryOnUniqueViolation) and then finds the first job above.
    if (input.idempotencyKey && isUniqueViolation(e) && !isTransaction(tx)) {
      const existing = await tx.job.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
      return { id: existing.id, created: false };
    }
    throw e;
  }
}
