// The shared path of stop (stop-app.ts), start (start-app.ts) and delete (delete-app.ts): one
// load, one authorize, then a job serialized with the app's deploys.
// Start judges the stored revision by today's policy here, so a refusal is a 422 naming the rule
// (and nothing is enqueued), and again in the job, which may run after the settings changed.
import { db } from "@/lib/db";
import { appError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { enqueueJob } from "@/lib/jobs";
import { loadApp } from "./load-app";
import { checkStoredRevision } from "./revision-policy";
import { checkQuota } from "@/lib/quotas";

export async function lifecycle(actor: Actor, appId: unknown, kind: "app.stop" | "app.start" | "app.delete"): Promise<{ jobId: string }> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.manage", { tenantId: app.tenantId, kind: "App" });
  if (app.status === "deleting") throw appError("CONFLICT", "deployment.errors.deleting", undefined, "This app is being deleted.");
  if (kind === "app.start") {
    const rev = app.currentRevisionId ? await db.appRevision.findFirst({ where: { id: app.currentRevisionId, appId: app.id } }) : null;
    if (!rev) throw appError("CONFLICT", "appErrors.noRevisionToStart", undefined, "This app has no revision to start.");
    const checked = checkStoredRevision({ ...app.environment, tenantId: app.tenantId }, rev);
    // Quota hook (issue 16): a stopped app holds no replicas; starting it asks for them again.
    await checkQuota({ kind: "app", tenantId: app.tenantId, environmentId: app.environmentId, appId: app.id, spec: checked.spec });
  }
  return db.$transaction(async (tx) => {
    if (kind === "app.delete") await tx.app.update({ where: { id: app.id }, data: { status: "deleting" } });
    await recordAudit(tx, { actor, tenantId: app.tenantId, action: kind, targetType: "app", targetId: app.id, details: { name: app.name } });
    const job = await enqueueJob(tx, { kind, payload: { appId: app.id }, tenantId: app.tenantId, createdById: actor.userId, lockKey: `app:${app.id}` });
    return { jobId: job.id };
  });
}
