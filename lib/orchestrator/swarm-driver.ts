// The swarm driver: everything the portal does to an environment's swarm, as functions taking
// the environment's manager Engine. No database access: the caller loads the plan and records
// the results.
export { initSwarm, joinSwarm, promoteToManager, type InitSwarmOptions, type JoinSwarmOptions, type SwarmIdentity } from "./swarm-membership";
export { deployApp, ensureAppNetwork } from "./deploy-app";
export { observeApp, observeApps, listAppServices } from "./observe-app";
export { waitForConvergence, type ConvergenceOptions } from "./wait-for-convergence";
export { scaleService, restartService, stopApp } from "./scale";
export { removeApp, removeAppVolumes, type RemoveAppResult } from "./remove-app";
export { listAppObjects, type AppObject } from "./list-app-objects";
export { pruneSwarmObjects, pruneUnusedFiles, plannedFileNames, swarmObjectName } from "./swarm-objects";
