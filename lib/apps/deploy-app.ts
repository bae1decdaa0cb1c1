// Create an app from a Compose file, redeploy it with a new file, or roll back to an earlier
// revision. Each writes an immutable revision and enqueues one deploy job (serialized per app).
import { db, isUniqueViolation, retryOnUniqueViolation } from "@/lib/db";
import { withQuota } from "@/lib/quotas";
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { enqueueJob } from "@/lib/jobs";
import { loadEnvironment } from "@/lib/environments";
import { parseInput, z } from "@/lib/validation";
import { appName, composeText, idempotencyKey, profiles, remapPorts, variables, variablesOrAbsent } from "./app-input";
import { NO_VARIABLES, revisionVariables, variablesFromInput, type AppVariables } from "./app-variables";
import { checkDeploy } from "./check-deploy";
import type { DeployOptions } from "./revision-policy";
import { portMappingsOf, type PortMapping } from "@/lib/ports/remap-ports";
import { APP_INCLUDE, toAppDto, type AppDto } from "./app-dto";
import { prepareRevision } from "./prepare-revision";
import { loadApp } from "./load-app";

const createInput = z.object({ name: appName, compose: composeText, variables, remapPorts, profiles, idempotencyKey }).strict();

export interface DeployAnswer {
  app: AppDto;
  jobId: string;
  /** Published ports outside the pool that remapPorts replaced by pool ports (80 → 31042). */
  portMappings: PortMapping[];
  /** What the file says that was accepted but ignored or changed, with key paths. */
  warnings: { path: string; message: string }[];
}

const warningsOf = (spec: { warnings?: readonly { path: string; message: string }[] }) =>
  (spec.warnings ?? []).map((w) => ({ path: w.path, message: w.message }));

const optionsOf = (d: { remapPorts?: boolean; profiles?: string[] }): DeployOptions => ({
  ...(d.remapPorts ? { remapPorts: true } : {}),
  ...(d.profiles?.length ? { profiles: d.profiles } : {}),
});

export async function createApp({ actor, environmentId, input }: { actor: Actor; environmentId: unknown; input: unknown }): Promise<DeployAnswer> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "app.deploy", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(createInput, input);
  const vars = variablesFromInput(data.variables);
  const options = optionsOf(data);
  const checked = await checkDeploy(env, data.compose, vars, options);
  if (env._count.hosts === 0) throw new AppError("CONFLICT", "This environment has no hosts yet; add a host before deploying.");
  try {
    // Port leases and revision numbers are chosen by reading: one environment at a time, across
    // processes too (the lock is taken before the transaction, so waiters hold no connection).
    // Quota hook (issue 16): checked with the write, under the tenant's quota lock, before any engine call.
    return await withQuota({ kind: "app", tenantId: env.tenantId, environmentId: env.id, spec: checked.spec }, `revisions:${env.id}`, () =>
      db.$transaction(async (tx) => {
        const app = await tx.app.create({ data: { tenantId: env.tenantId, environmentId: env.id, name: data.name, status: "deploying" } });
        const rev = await prepareRevision(tx, { env, appId: app.id, checked, composeText: data.compose, variables: vars, options, createdById: actor.userId });
        await tx.app.update({ where: { id: app.id }, data: { currentRevisionId: rev.revisionId } });
        await recordAudit(tx, {
          actor,
          tenantId: env.tenantId,
          action: "app.create",
          targetType: "app",
          targetId: app.id,
          details: { name: app.name, revision: rev.number },
        });
        const job = await enqueueJob(tx, {
          kind: "app.deploy",
          payload: { revisionId: rev.revisionId },
          tenantId: env.tenantId,
          createdById: actor.userId,
          lockKey: `app:${app.id}`,
          idempotencyKey: data.idempotencyKey ? `${actor.userId}:${data.idempotencyKey}` : undefined,
        });
        const full = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: APP_INCLUDE });
        return { app: toAppDto(full, rev.number), jobId: job.id, portMappings: portMappingsOf(rev.spec), warnings: warningsOf(rev.spec) };
      }),
    );
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError("CONFLICT", `This environment already has an app named "${data.name}".`, [{ path: "name", message: "Already taken" }]);
    throw e;
  }
}

interface RevisionSource {
  compose: string;
  variables: AppVariables;
  options: DeployOptions;
  idempotencyKey?: string;
}

/** New revision from a Compose file (or an earlier revision's) and a rolling update to it. */
async function newRevision(
  actor: Actor,
  app: Awaited<ReturnType<typeof loadApp>>,
  source: RevisionSource,
  action: string,
  details: Record<string, unknown>,
): Promise<DeployAnswer> {
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  if (app.status === "deleting") throw new AppError("CONFLICT", "This app is being deleted.");
  // the app's tenant view of its environment (a shared environment's owner is the platform, issue 16)
  const env = { ...app.environment, tenantId: app.tenantId };
  const checked = await checkDeploy(env, source.compose, source.variables, source.options);
  // A repeated Idempotency-Key racing on PostgreSQL: the loser retries and returns the winner's job.
  // Before the idempotency check: a repeated key waits for the first submission, then finds its job.
  // Quota hook (issue 16): the app's new model replaces its current one in the tenant's use.
  return withQuota(
    { kind: "app", tenantId: app.tenantId, environmentId: app.environmentId, appId: app.id, spec: checked.spec },
    `revisions:${app.environmentId}`,
    () =>
      retryOnUniqueViolation(() =>
        db.$transaction(async (tx) => {
          if (source.idempotencyKey) {
            const done = await tx.job.findUnique({ where: { idempotencyKey: `${actor.userId}:${source.idempotencyKey}` } });
            if (done) {
              const full = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: APP_INCLUDE });
              const dto = toAppDto(full, null);
              return { app: dto, jobId: done.id, portMappings: dto.portMappings, warnings: [] };
            }
          }
          const rev = await prepareRevision(tx, {
            env,
            appId: app.id,
            checked,
            composeText: source.compose,
            variables: source.variables,
            options: source.options,
            createdById: actor.userId,
          });
          await tx.app.update({ where: { id: app.id }, data: { currentRevisionId: rev.revisionId, status: "deploying" } });
          await recordAudit(tx, { actor, tenantId: app.tenantId, action, targetType: "app", targetId: app.id, details: { ...details, revision: rev.number } });
          const job = await enqueueJob(tx, {
            kind: "app.deploy",
            payload: { revisionId: rev.revisionId },
            tenantId: app.tenantId,
            createdById: actor.userId,
            lockKey: `app:${app.id}`,
            idempotencyKey: source.idempotencyKey ? `${actor.userId}:${source.idempotencyKey}` : undefined,
          });
          const full = await tx.app.findUniqueOrThrow({ where: { id: app.id }, include: APP_INCLUDE });
          return { app: toAppDto(full, rev.number), jobId: job.id, portMappings: portMappingsOf(rev.spec), warnings: warningsOf(rev.spec) };
        }),
      ),
  );
}

/** The variables of the app's current revision (secret ones unsealed, for a deploy only). */
async function currentVariables(app: { id: string; currentRevisionId: string | null }): Promise<AppVariables> {
  const cur = app.currentRevisionId ? await db.appRevision.findFirst({ where: { id: app.currentRevisionId, appId: app.id } }) : null;
  return cur ? revisionVariables(cur) : NO_VARIABLES;
}

const redeployInput = z.object({ compose: composeText, variables: variablesOrAbsent, remapPorts, profiles, idempotencyKey }).strict();

export async function redeployApp({ actor, appId, input }: { actor: Actor; appId: unknown; input: unknown }): Promise<DeployAnswer> {
  const data = parseInput(redeployInput, input);
  const app = await loadApp(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  const current = await currentVariables(app);
  // Without variables the current revision's are kept; `{ secret: true }` keeps one secret value.
  const vars = data.variables ? variablesFromInput(data.variables, current) : current;
  return newRevision(actor, app, { compose: data.compose, variables: vars, options: optionsOf(data), idempotencyKey: data.idempotencyKey }, "app.redeploy", {});
}

const rollbackInput = z.object({ revision: z.coerce.number().int().min(1), idempotencyKey }).strict();
const storedOptions = z.object({ remapPorts: z.boolean().optional(), profiles: z.array(z.string().max(64)).max(32).optional() });

function optionsOfRevision(optionsJson: string): DeployOptions {
  try {
    const r = storedOptions.safeParse(JSON.parse(optionsJson));
    return r.success ? optionsOf(r.data) : {};
  } catch {
    return {};
  }
}

export async function rollbackApp({ actor, appId, input }: { actor: Actor; appId: unknown; input: unknown }): Promise<DeployAnswer> {
  const data = parseInput(rollbackInput, input);
  const app = await loadApp(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  const target = await db.appRevision.findFirst({ where: { appId: app.id, number: data.revision } });
  if (!target) throw new AppError("VALIDATION", `Revision ${data.revision} does not exist.`, [{ path: "revision", message: "Unknown revision" }]);
  // The old compose goes through today's policy again: a rule added since then still applies.
  const source = {
    compose: target.composeText,
    variables: revisionVariables(target),
    options: optionsOfRevision(target.optionsJson),
    idempotencyKey: data.idempotencyKey,
  };
  return newRevision(actor, app, source, "app.rollback", { to: data.revision });
}
