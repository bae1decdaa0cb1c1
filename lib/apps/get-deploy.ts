// The state of an app's deploy as a person follows it: phase, steps with timings, each service's
// tasks, and why it failed (code, message, catalog key and parameters). The latest revision's, or
// the one a job deploys (`jobId`). Pushed on /events ("deploy") and read here when the socket is down.
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { authorize, tenantScope, type Actor } from "@/lib/policy";
import { id as idSchema, parseInput, z } from "@/lib/validation";
import { loadApp } from "./load-app";
import { isFinal, parseFailure, parseProgress, type DeployFailure, type DeployPhase, type DeployProgress } from "./deploy-state";

export interface DeployDto {
  appId: string;
  jobId: string | null;
  revision: number;
  phase: DeployPhase;
  steps: DeployProgress["steps"];
  services: DeployProgress["services"];
  failure: DeployFailure | null;
  cancelRequested: boolean;
  /** A cancel is still possible (not final, not requested yet). */
  cancellable: boolean;
  createdAt: string;
  finishedAt: string | null;
}

const query = z.object({ jobId: idSchema.optional() }).strict();

export async function getDeploy({ actor, appId, input }: { actor: Actor; appId: unknown; input?: unknown }): Promise<DeployDto> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.read", { tenantId: app.tenantId, kind: "App" });
  const q = parseInput(query, input ?? {});
  const rev = q.jobId
    ? await db.appRevision.findFirst({ where: { appId: app.id, tenantId: app.tenantId, jobId: q.jobId } })
    : await db.appRevision.findFirst({ where: { appId: app.id, tenantId: app.tenantId }, orderBy: { number: "desc" } });
  if (!rev) throw notFound(q.jobId ? "Job" : "Revision");
  const progress = parseProgress(rev.progressJson);
  return {
    appId: app.id,
    jobId: rev.jobId,
    revision: rev.number,
    phase: rev.phase,
    steps: progress.steps,
    services: progress.services,
    failure: parseFailure(rev.failureJson),
    cancelRequested: rev.cancelRequestedAt !== null,
    cancellable: !isFinal(rev.phase) && rev.cancelRequestedAt === null,
    createdAt: rev.createdAt.toISOString(),
    finishedAt: rev.finishedAt?.toISOString() ?? null,
  };
}

/** The deploy a job runs (the /events push); not found when the job is no deploy or not the caller's. */
export async function getDeployOfJob({ actor, jobId }: { actor: Actor; jobId: unknown }): Promise<DeployDto> {
  const jid = parseInput(idSchema, jobId);
  const rev = await db.appRevision.findFirst({ where: { AND: [{ jobId: jid }, tenantScope(actor)] }, select: { appId: true } });
  if (!rev) throw notFound("Job");
  return getDeploy({ actor, appId: rev.appId, input: { jobId: jid } });
}
