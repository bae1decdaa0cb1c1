import { db, Prisma } from "@/lib/db";
import { queryRows, rowDate, rowDateOrNull } from "@/lib/db/sql-rows";
import { notFound, storedTextOf, type MessageParams } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id as idSchema, parseInput } from "@/lib/validation";

export interface JobDto {
  id: string;
  kind: string;
  status: "pending" | "running" | "succeeded" | "failed" | "cancelled";
  progress: number;
  /** English; `messageKey` (+ `messageParams`) is its catalog message, shown in the reader's language. */
  message: string;
  messageKey?: string;
  messageParams?: MessageParams;
  /** English; `errorKey` (+ `errorParams`) is its catalog message when the error named one. */
  error?: string;
  errorKey?: string;
  errorParams?: Record<string, string | number>;
  result?: unknown;
  createdAt: string;
  finishedAt: string | null;
}

export function toJobDto(j: {
  id: string;
  kind: string;
  status: string;
  progress: number;
  message: string;
  messageKey?: string | null;
  messageParams?: string | null;
  error: string | null;
  resultJson: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): JobDto {
  const result: unknown = j.resultJson ? JSON.parse(j.resultJson) : undefined;
  // A failed job keeps its error's catalog reference where a result would be (lib/jobs/worker.ts).
  const ref =
    j.status === "failed" && result && typeof result === "object" && "errorRef" in result
      ? (result as { errorRef: { key: string; params?: Record<string, string | number> } }).errorRef
      : undefined;
  return {
    id: j.id,
    kind: j.kind,
    status: j.status as JobDto["status"],
    progress: j.progress,
    ...storedTextOf(j),
    ...(j.error ? { error: j.error } : {}),
    ...(ref ? { errorKey: ref.key, ...(ref.params ? { errorParams: ref.params } : {}) } : result !== undefined ? { result } : {}),
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

type JobRow = Parameters<typeof toJobDto>[0] & { tenantId: string | null; createdById: string | null };

/** One job's row, with a plain statement: clients follow a job by polling this (issue 20: the
 * bench's deploy follower asks 20 times a second, and a model call is compiled every time). */
async function readJob(jobId: string): Promise<JobRow | null> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    Prisma.sql`
    SELECT "id", "kind", "status", "progress", "message", "messageKey", "messageParams", "error", "resultJson",
           "tenantId", "createdById", "createdAt", "finishedAt"
    FROM "Job" WHERE "id" = ${jobId}`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    ...(r as Omit<JobRow, "progress" | "createdAt" | "finishedAt">),
    progress: Number(r.progress),
    createdAt: rowDate(r.createdAt),
    finishedAt: rowDateOrNull(r.finishedAt),
  };
}

export async function getJob({ actor, jobId }: { actor: Actor; jobId: unknown }): Promise<JobDto> {
  const jid = parseInput(idSchema, jobId);
  const job = await readJob(jid);
  if (!job) throw notFound("Job");
  if (job.tenantId) authorize(actor, "job.read", { tenantId: job.tenantId, kind: "Job" });
  else if (!actor.platformAdmin && job.createdById !== actor.userId) throw notFound("Job");
  return toJobDto(job);
}
