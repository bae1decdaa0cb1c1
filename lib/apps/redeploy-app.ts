// Redeploy an app with a new Compose file: a new revision and a rolling update to it. Without
// variables the current revision's are kept; `{ secret: true }` keeps one secret value.
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { parseInput, z } from "@/lib/validation";
import { composeText, idempotencyKey, profiles, remapPorts, variablesOrAbsent } from "./app-input";
import { NO_VARIABLES, revisionVariables, variablesFromInput } from "./app-variables";
import { checkDeploy } from "./check-deploy";
import type { DeployUseCaseDeps } from "./deploy-deps";
import { optionsOf } from "./deploy-options";
import { loadApp } from "./load-app";
import { firstAnswer, submitRevision, type DeployAnswer } from "./submit-revision";

const redeployInput = z.object({ compose: composeText, variables: variablesOrAbsent, remapPorts, profiles, idempotencyKey }).strict();

export async function redeployApp({
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
  const data = parseInput(redeployInput, input);
  const again = await firstAnswer(deps, actor, data.idempotencyKey, app.id);
  if (again) return again;
  if (app.status === "deleting") throw new AppError("CONFLICT", "This app is being deleted.", undefined, { i18n: { key: "deployment.errors.deleting" } });
  const cur = app.currentRevisionId ? await deps.db.appRevision.findFirst({ where: { id: app.currentRevisionId, appId: app.id } }) : null;
  const current = cur ? revisionVariables(cur) : NO_VARIABLES;
  const vars = data.variables ? variablesFromInput(data.variables, current) : current;
  const options = optionsOf(data);
  const checked = await checkDeploy(env, data.compose, vars, options);
  return submitRevision(deps, {
    actor,
    env,
    checked,
    composeText: data.compose,
    variables: vars,
    options,
    idempotencyKey: data.idempotencyKey,
    audit: { action: "app.redeploy", details: {} },
    app: { id: app.id },
  });
}
