// Create an app from a Compose file, redeploy it with a new file, or roll back to an earlier
// revision. Each writes an immutable revision and enqueues one deploy job (serialized per app).
import { db, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { enqueueJob } from "@/lib/jobs";
import { loadEnvironment } from "@/lib/environments";
import { parseInput, z } from "@/lib/validation";
import { appName, composeText, idempotencyKey, variables } from "./app-input";
import { APP_INCLUDE, toAppDto, type AppDto } from "./app-dto";
import { checkCompose, prepareRevision } from "./prepare-revision";
import { loadApp } from "./load-app";

const createInput = z.object({ name: appName, compose: composeText, variables, idempotencyKey }).strict();

export async function createApp({ actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown }): Promise<{ app: AppDto; jobId: string }> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "app.deploy", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(createInput, input);
  const checked = checkCompose(env, data.compose, data.variables);
  if (env._count.hosts === 0) throw new AppError("CONFLICT", "This environment has no hosts yet; add a host before deploying.");
  try {
    return await db.$transaction(async (tx) => {
      const app = await tx.app.create({ data: { tenantId: env.tenantId, environmentId: env.id, name: data.name, status: "deploying" } });
      const rev = await prepareRevision(tx, { env, appId: app.id, checked, composeText: data.compose, variables: data.variables, createdById: actor.userId });
      await tx.app.update({ where: { id: app.id }, data: { currentRevisionId: rev.revisionId } });
      await recordAudit(tx, { actor, tenantId: env.tenantId, action: "app.create", targetType: "app", targetId: app.id, details: { name: app.name, revision: rev.number } });
      const job = await enqueueJob(tx, {
        kind: "app.deploy", payload: { revisionId: rev.revisionId }, tenantId: env.tenantId, createdById: actor.userId, lockKey: `app:${app.id}`,
        idempotencyKey: data.idempotencyKey ? `${actor.userId}:${data.idempotencyKey}` : undefined,
      });
      const full = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: APP_INCLUDE });
      return { app: toAppDto(full, rev.number), jobId: job.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `This environment already has an app named "${data.name}".`, [{ path: "name", message: "Already taken" }]);
    throw e;
  }
}

/** New revision from a Compose file (or an earlier revision's) and a rolling update to it. */
async function newRevision(actor: Actor, appId: unknown, source: { compose: string; variables: Record<string, string>; idempotencyKey?: string }, action: string, details: Record<string, unknown>) {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  if (app.status === "deleting") throw new AppError("CONFLICT", "This app is being deleted.");
  const checked = checkCompose(app.environment, source.compose, source.variables);
  return db.$transaction(async (tx) => {
    if (source.idempotencyKey) {
      const done = await tx.job.findUnique({ where: { idempotencyKey: `${actor.userId}:${source.idempotencyKey}` } });
      if (done) {
        const full = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: APP_INCLUDE });
        return { app: toAppDto(full, null), jobId: done.id };
      }
    }
    const rev = await prepareRevision(tx, { env: app.environment, appId: app.id, checked, composeText: source.compose, variables: source.variables, createdById: actor.userId });
    await tx.app.update({ where: { id: app.id }, data: { currentRevisionId: rev.revisionId, status: "deploying" } });
    await recordAudit(tx, { actor, tenantId: app.tenantId, action, targetType: "app", targetId: app.id, details: { ...details, revision: rev.number } });
    const job = await enqueueJob(tx, {
      kind: "app.deploy", payload: { revisionId: rev.revisionId }, tenantId: app.tenantId, createdById: actor.userId, lockKey: `app:${app.id}`,
      idempotencyKey: source.idempotencyKey ? `${actor.userId}:${source.idempotencyKey}` : undefined,
    });
    const full = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: APP_INCLUDE });
    return { app: toAppDto(full, rev.number), jobId: job.id };
  });
}

const redeployInput = z.object({ compose: composeText, variables: variables.optional(), idempotencyKey }).strict();

export async function redeployApp({ actor, appId, input }: { actor: Actor; appId: unknown; input: unknown }) {
  const data = parseInput(redeployInput, input);
  let vars = data.variables;
  if (!vars) {
    // Keep the variables of the current revision when none are sent.
    const app = await loadApp(actor, appId);
    const cur = app.currentRevisionId ? await db.appRevision.findUnique({ where: { id: app.currentRevisionId } }) : null;
    vars = cur ? JSON.parse(cur.variablesJson) : {};
  }
  return newRevision(actor, appId, { compose: data.compose, variables: vars!, idempotencyKey: data.idempotencyKey }, "app.redeploy", {});
}

const rollbackInput = z.object({ revision: z.coerce.number().int().min(1), idempotencyKey }).strict();

export async function rollbackApp({ actor, appId, input }: { actor: Actor; appId: unknown; input: unknown }) {
  const data = parseInput(rollbackInput, input);
  const app = await loadApp(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  const target = await db.appRevision.findFirst({ where: { appId: app.id, number: data.revision } });
  if (!target) throw new AppError("VALIDATION", `Revision ${data.revision} does not exist.`, [{ path: "revision", message: "Unknown revision" }]);
  // The old compose goes through today's policy again: a rule added since then still applies.
  return newRevision(actor, app.id, { compose: target.composeText, variables: JSON.parse(target.variablesJson), idempotencyKey: data.idempotencyKey }, "app.rollback", { to: data.revision });
}
