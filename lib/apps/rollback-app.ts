// Roll an app back to an earlier revision: a new revision with that revision's file, variables
// and options, judged by today's policy again (a rule added since then still applies).
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { idempotencyKey } from "./app-input";
import { revisionVariables } from "./app-variables";
import { checkDeploy } from "./check-deploy";
import type { DeployUseCaseDeps } from "./deploy-deps";
import { optionsOfRevision } from "./deploy-options";
import { loadApp } from "./load-app";
import { firstAnswer, submitRevision, type DeployAnswer } from "./submit-revision";

const rollbackInput = z.object({ revision: z.coerce.number().int().min(1), idempotencyKey }).strict();

export async function rollbackApp({
  actor,
  appId,
  input,
  deps,
}: {
  actor: Actor;
  appId: unknown;
  input: unknown;
  deps: DeployUseCaseDeps;
}): Promise<DeployAnswer> {
  const app = await loadApp(actor, appId);
  authorize(actor, "app.deploy", { tenantId: app.tenantId, kind: "App" });
  // the app's tenant view of its environment (a shared environment is owned by the platform, issue 16)
  const env = { ...app.environment, tenantId: app.tenantId };
  const data = parseInput(rollbackInput, input);
  const again = await firstAnswer(deps, actor, data.idempotencyKey, app.id);
  if (again) return again;
  if (app.status === "deleting") throw appError("CONFLICT", "deployment.errors.deleting", undefined, "This app is being deleted.");
  const target = await deps.db.appRevision.findFirst({ where: { appId: app.id, number: data.revision } });
  if (!target)
    throw appError("VALIDATION", "appErrors.unknownRevision", { revision: data.revision }, `Revision ${data.revision} does not exist.`, {
      details: [problem("revision", "fieldErrors.unknownRevision", undefined, "Unknown revision")],
    });
  const vars = revisionVariables(target);
  const options = optionsOfRevision(target.optionsJson);
  const checked = await checkDeploy(env, target.composeText, vars, options);
  return submitRevision(deps, {
    actor,
    env,
    checked,
    composeText: target.composeText,
    variables: vars,
    options,
    idempotencyKey: data.idempotencyKey,
    audit: { action: "app.rollback", details: { to: data.revision } },
    app: { id: app.id },
  });
}
