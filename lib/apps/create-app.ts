// Create an app from a Compose file (also what template and image deploys call): one load, one
// authorize, the idempotency key before any insert, then the shared submission (submit-revision.ts).
import { AppError } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { loadEnvironment } from "@/lib/environments";
import { parseInput, z } from "@/lib/validation";
import { appName, composeText, idempotencyKey, profiles, remapPorts, variables } from "./app-input";
import { variablesFromInput } from "./app-variables";
import { checkDeploy } from "./check-deploy";
import type { DeployUseCaseDeps } from "./deploy-deps";
import { optionsOf } from "./deploy-options";
import { firstAnswer, submitRevision, type DeployAnswer } from "./submit-revision";

const createInput = z.object({ name: appName, compose: composeText, variables, remapPorts, profiles, idempotencyKey }).strict();

export async function createApp({
  actor,
  environmentId,
  input,
  deps,
}: {
  actor: Actor;
  environmentId: unknown;
  input: unknown;
  deps: DeployUseCaseDeps;
}): Promise<DeployAnswer> {
  const env = await loadEnvironment(actor, environmentId);
  authorize(actor, "app.deploy", { tenantId: env.tenantId, kind: "Environment" });
  const data = parseInput(createInput, input);
  const again = await firstAnswer(deps, actor, data.idempotencyKey);
  if (again) {
    if (again.app.environmentId !== env.id)
      throw new AppError("CONFLICT", "This Idempotency-Key was already used for another request.", undefined, { i18n: { key: "deployment.errors.keyReused" } });
    return again;
  }
  const vars = variablesFromInput(data.variables);
  const options = optionsOf(data);
  const checked = await checkDeploy(env, data.compose, vars, options);
  if (env._count.hosts === 0)
    throw new AppError("CONFLICT", "This environment has no hosts yet; add a host before deploying.", undefined, {
      i18n: { key: "deployment.errors.noHosts" },
    });
  return submitRevision(deps, {
    actor,
    env,
    checked,
    composeText: data.compose,
    variables: vars,
    options,
    idempotencyKey: data.idempotencyKey,
    audit: { action: "app.create", details: { name: data.name } },
    app: { create: { name: data.name } },
  });
}
