import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { id as idSchema, parseInput } from "@/lib/validation";

export interface JobDto {
  id: string;
  kind: string;
  status: "pending" | "running" | "succeeded" | "failed" | "cancelled";
  progress: number;
  message: string;
  error?: string;
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
  error: string | null;
  resultJson: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): JobDto {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status as JobDto["status"],
    progress: j.progress,
    message: j.message,
    ...(j.error ? { error: j.error } : {}),
    ...(j.resultJson ? { result: JSON.parse(j.resultJson) } : {}),
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

export async function getJob({ actor, jobId }: { actor: Actor; jobId: unknown }): Promise<JobDto> {
  const jid = parseInput(idSchema, jobId);
  const job = await db.job.findUnique({ where: { id: jid } });
  if (!job) throw notFound("Job");
  if (job.tenantId) authorize(actor, "job.read", { tenantId: job.tenantId, kind: "Job" });
  else if (!actor.platformAdmin && job.createdById !== actor.userId) throw notFound("Job");
  return toJobDto(job);
}
