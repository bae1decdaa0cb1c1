export { createEnvironment } from "./create-environment";
export { listEnvironments } from "./list-environments";
export { getEnvironment, loadEnvironment } from "./get-environment";
export { updateEnvironment } from "./update-environment";
export { deleteEnvironment } from "./delete-environment";
export { environmentScope, eligibleTenants, viewOf, PLATFORM_SCOPE, type EnvironmentView } from "./environment-scope";
export type { EnvironmentDto } from "./environment-dto";
