// What create, redeploy, rollback and validate all run before writing anything: parse → environment
// defaults → remap of out-of-pool ports (option) → the ONE policy validator → references to the
// environment's portal secrets and configs. Throws VALIDATION (400) or POLICY (422) naming key paths.
import type { AppSpec, PolicyChecked } from "@/lib/compose";
import { checkPortalReferences } from "@/lib/secrets/usage";
import { allValues, type AppVariables } from "./app-variables";
import { checkCompose, type DeployOptions, type PolicyEnvironment } from "./revision-policy";

export async function checkDeploy(env: PolicyEnvironment, composeText: string, vars: AppVariables, options: DeployOptions): Promise<PolicyChecked<AppSpec>> {
  const checked = checkCompose(env, composeText, allValues(vars), options);
  await checkPortalReferences(env.id, env.tenantId, checked.spec);
  return checked;
}
