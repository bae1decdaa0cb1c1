// The one path every deploy takes after its use-case authorized and checked the input (create,
// redeploy, rollback, template and image deploys): the idempotency key is looked up before any
// insert (a repeated submission answers the first one), then one transaction writes the revision
// (phase pending), the leases, the audit record and the deploy job. The app keeps its previous
// desired state until the deploy job commits the revision as healthy (deploy-machine.ts).
import type { Db, Tx } from "@/lib/db";
import { isUniqueViolation, retryOnUniqueViolation } from "@/lib/db";
import type { AppSpec, PolicyChecked } from "@/lib/compose";
import { AppError, problem } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { recordAudit } from "@/lib/audit";
import { portMappingsOf, type PortMapping } from "@/lib/ports/remap-ports";
import { readStoredSpec } from "@/lib/compose";
import { z } from "@/lib/validation";
import { APP_INCLUDE, toAppDto, type AppDto } from "./app-dto";
import { revisionSpecJson, type AppVariables } from "./app-variables";
import type { DeployUseCaseDeps } from "./deploy-deps";
import { prepareRevision, type RevisionEnvironment } from "./prepare-revision";
import type { DeployOptions } from "./revision-policy";

export interface DeployAnswer {
  app: AppDto;
  jobId: string;
  /** The number of the revision this deploy makes (the app's `revision` until it ends). */
  revision: number;
  /** Published ports outside the pool that remapPorts replaced by pool ports (80 → 31042). */
  portMappings: PortMapping[];
  /** What the file says that was accepted but ignored or changed, with key paths. */
  warnings: { path: string; message: string }[];
}

const warningsOf = (spec: { warnings?: readonly { path: string; message: string }[] }) =>
  (spec.warnings ?? []).map((w) => ({ path: w.path, message: w.message }));

/** The deploy job's payload, parsed when read (never cast). */
export const deployPayload = z.object({
  revisionId: z.string(),
  warnings: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
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
  const run = () =>
    deps.db.$transaction(async (tx: Tx) => {
      const again = await firstAnswerIn(tx, s);
      if (again) return again;
      const appId =
        "id" in s.app
          ? s.app.id
          : (await tx.app.create({ data: { tenantId: s.env.tenantId, environmentId: s.env.id, name: s.app.create.name, status: "deploying" } })).id;
      const rev = await prepareRevision(tx, {
        env: s.env,
        appId,
        checked: s.checked,
        composeText: s.composeText,
        variables: s.variables,
        options: s.options,
        createdById: s.actor.userId,
      });
      await tx.app.update({ where: { id: appId }, data: { status: "deploying" } });
      await recordAudit(tx, {
        actor: s.actor,
        tenantId: s.env.tenantId,
        action: s.audit.action,
        targetType: "app",
        targetId: appId,
        details: { ...s.audit.details, revision: rev.number },
      });
      const warnings = warningsOf(rev.spec);
      const job = await deps.enqueue(tx, {
        kind: "app.deploy",
        payload: { revisionId: rev.revisionId, warnings },
        tenantId: s.env.tenantId,
        createdById: s.actor.userId,
        lockKey: `app:${appId}`,
        idempotencyKey: s.idempotencyKey ? scopedKey(s.actor, s.idempotencyKey) : undefined,
      });
      await tx.appRevision.update({ where: { id: rev.revisionId }, data: { jobId: job.id } });
      const full = await tx.app.findUniqueOrThrow({ where: { id: appId }, include: APP_INCLUDE });
      return { app: toAppDto(full, rev.number, job.id), jobId: job.id, revision: rev.number, portMappings: portMappingsOf(rev.spec), warnings };
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

/** Inside the transaction: a concurrent submission with the same key may have won meanwhile. */
async function firstAnswerIn(tx: Tx, s: Submission): Promise<DeployAnswer | null> {
  if (!s.idempotencyKey) return null;
  return firstAnswer({ db: tx }, s.actor, s.idempotencyKey, "id" in s.app ? s.app.id : undefined);
}
