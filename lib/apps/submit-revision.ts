// The one path every deploy takes after its use-case authorized and checked the input (create,
// redeploy, rollback, template and image deploys): the idempotency key is looked up before any
// insert (a repeated submission answers the first one), then one transaction writes the revision
// (phase pending), the leases, the audit record and the deploy job. The app keeps its previous
// desired state until the deploy job commits the revision as healthy (deploy-machine.ts).
import type { Db, Tx } from "@/lib/db";
import { isUniqueViolation, retryOnUniqueViolation } from "@/lib/db";
import { insertRows, rowId } from "@/lib/db/sql-rows";
import type { AppSpec, PolicyChecked, WarningSpec } from "@/lib/compose";
import { AppError, problem } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { portMappingsOf, type PortMapping } from "@/lib/ports/remap-ports";
import { readStoredSpec } from "@/lib/compose";
import { z } from "@/lib/validation";
import { APP_INCLUDE, toAppDto, type AppDto } from "./app-dto";
import { revisionSpecJson, type AppVariables } from "./app-variables";
import type { DeployUseCaseDeps } from "./deploy-deps";
import { prepareRevision, type PreparedRevision, type RevisionEnvironment } from "./prepare-revision";
import type { DeployOptions } from "./revision-policy";
import { warningDto, type WarningDto } from "./warning-dto";

export interface DeployAnswer {
  app: AppDto;
  jobId: string;
  /** The number of the revision this deploy makes (the app's `revision` until it ends). */
  revision: number;
  /** Published ports outside the pool that remapPorts replaced by pool ports (80 → 31042). */
  portMappings: PortMapping[];
  /** What the file says that was accepted but ignored or changed, with key paths. */
  warnings: WarningDto[];
}

const warningsOf = (spec: { warnings?: readonly WarningSpec[] }): WarningDto[] => (spec.warnings ?? []).map(warningDto);

/** The deploy job's payload, parsed when read (never cast). */
export const deployPayload = z.object({
  revisionId: z.string(),
  warnings: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        messageKey: z.string().optional(),
        messageParams: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    )
    .default([]),
});

const scopedKey = (actor: Actor, key: string) => `${actor.userId}:${key}`;

const KEY_REUSED = () =>
  new AppError(
    "CONFLICT",
    "This Idempotency-Key was already used for another request.",
    [problem("idempotencyKey", "fieldErrors.alreadyUsed", undefined, "Already used")],
    {
      i18n: { key: "deployment.errors.keyReused" },
    },
  );

/**
 * The answer of the first submission with this Idempotency-Key, or null when the key is new.
 * `appId`: the app a redeploy/rollback is for (a key used for another app is a conflict).
 */
export async function firstAnswer(deps: { db: Db }, actor: Actor, key: string | undefined, appId?: string): Promise<DeployAnswer | null> {
  if (!key) return null;
  const job = await deps.db.job.findUnique({ where: { idempotencyKey: scopedKey(actor, key) } });
  if (!job) return null;
  if (job.kind !== "app.deploy") throw KEY_REUSED();
  let payload: z.infer<typeof deployPayload>;
  try {
    payload = deployPayload.parse(JSON.parse(job.payloadJson));
  } catch {
    throw KEY_REUSED();
  }
  const rev = await deps.db.appRevision.findUnique({ where: { id: payload.revisionId }, include: { app: { include: APP_INCLUDE } } });
  if (!rev || (appId !== undefined && rev.appId !== appId)) throw KEY_REUSED();
  const spec = readStoredSpec(revisionSpecJson(rev));
  return { app: toAppDto(rev.app, rev.number, job.id), jobId: job.id, revision: rev.number, portMappings: portMappingsOf(spec), warnings: payload.warnings };
}

export interface Submission {
  actor: Actor;
  env: RevisionEnvironment;
  checked: PolicyChecked<AppSpec>;
  composeText: string;
  variables: AppVariables;
  options: DeployOptions;
  idempotencyKey?: string;
  audit: { action: string; details: Record<string, unknown> };
  /** The app: an existing one, or created in the same transaction (create). */
  app: { id: string } | { create: { name: string } };
}

/** Writes the revision and its deploy job; a repeated key racing on PostgreSQL answers the first. */
export async function submitRevision(deps: DeployUseCaseDeps, s: Submission): Promise<DeployAnswer> {
  // A handful of statements in one short transaction (issue 20): the app (create), the rows of
  // new services, one statement per port lease, the job, the revision (naming its job), the audit
  // record. A new app's answer is built from what was written, not read back.
  const run = () =>
    deps.db.$transaction(async (tx: Tx) => {
      const again = await firstAnswerIn(tx, s);
      if (again) return again;
      const createdApp = "id" in s.app ? null : await insertApp(tx, s.env, s.app.create.name);
      const appId = createdApp ? createdApp.id : (s.app as { id: string }).id;
      const rev = await prepareRevision(tx, {
        env: s.env,
        appId,
        newApp: createdApp !== null,
        checked: s.checked,
        composeText: s.composeText,
        variables: s.variables,
        options: s.options,
        createdById: s.actor.userId,
      });
      if (!createdApp) await tx.app.update({ where: { id: appId }, data: { status: "deploying" } });
      const warnings = warningsOf(rev.spec);
      const job = await deps.enqueue(tx, {
        kind: "app.deploy",
        payload: { revisionId: rev.revisionId, warnings },
        tenantId: s.env.tenantId,
        createdById: s.actor.userId,
        lockKey: `app:${appId}`,
        idempotencyKey: s.idempotencyKey ? scopedKey(s.actor, s.idempotencyKey) : undefined,
      });
      await rev.write(job.id);
      await recordAudit(tx, {
        actor: s.actor,
        tenantId: s.env.tenantId,
        action: s.audit.action,
        targetType: "app",
        targetId: appId,
        details: { ...s.audit.details, revision: rev.number },
      });
      const answer = { jobId: job.id, revision: rev.number, portMappings: portMappingsOf(rev.spec), warnings };
      if (createdApp) return { ...answer, app: toAppDto({ ...createdApp, services: createdServiceRows(rev, appId) }, rev.number, job.id) };
      const full = await tx.app.findUniqueOrThrow({ where: { id: appId }, include: APP_INCLUDE });
      return { ...answer, app: toAppDto(full, rev.number, job.id) };
    });
  // Port leases and revision numbers are chosen by reading: one environment at a time, across
  // processes too (the lock is taken before the transaction, so waiters hold no connection).
  // Quota (issue 16): the tenant's use with this model in place of the app's current one, checked
  // under the tenant's quota lock before the revision is written (and before any engine call).
  const quota = { kind: "app" as const, tenantId: s.env.tenantId, environmentId: s.env.id, appId: "id" in s.app ? s.app.id : undefined, spec: s.checked.spec };
  try {
    return await deps.quota(quota, () => deps.lock(`revisions:${s.env.id}`, () => retryOnUniqueViolation(run)));
  } catch (e) {
    if ("create" in s.app && isUniqueViolation(e)) {
      const name = s.app.create.name;
      throw new AppError(
        "CONFLICT",
        `This environment already has an app named "${name}".`,
        [problem("name", "fieldErrors.alreadyTaken", undefined, "Already taken")],
        {
          i18n: { key: "deployment.errors.nameTaken", params: { name } },
        },
      );
    }
    throw e;
  }
}

/** A new app's row (one INSERT; the answer is built from it, not read back). */
async function insertApp(tx: Tx, env: RevisionEnvironment, name: string) {
  const at = new Date();
  const row = { id: rowId(), tenantId: env.tenantId, environmentId: env.id, name, status: "deploying", createdAt: at, updatedAt: at };
  await insertRows(tx, "App", [row]);
  return row;
}

/** A new app's service rows as written, with the ports they leased (the answer of a create). */
function createdServiceRows(rev: PreparedRevision, appId: string) {
  return rev.created.map((c) => ({
    ...c,
    appId,
    runningReplicas: 0,
    lastError: null,
    observedAt: null,
    portLeases: (rev.spec.services.find((x) => x.name === c.name)?.ports ?? []).map((p) => ({
      port: p.published!,
      targetPort: p.target,
      protocol: p.protocol,
      requestedPort: p.requested ?? null,
    })),
  }));
}

/** Inside the transaction: a concurrent submission with the same key may have won meanwhile. */
async function firstAnswerIn(tx: Tx, s: Submission): Promise<DeployAnswer | null> {
  if (!s.idempotencyKey) return null;
  return firstAnswer({ db: tx }, s.actor, s.idempotencyKey, "id" in s.app ? s.app.id : undefined);
}
