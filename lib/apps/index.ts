// Public surface of lib/apps. The deploy entry points (create, redeploy, rollback, cancel) are the
// use-cases bound to the dependencies server.ts wired (deploy-deps.ts): transports, template and
// image deploys call these. A template or image deploy calls createApp({ actor, environmentId,
// input: { name, compose, variables?, idempotencyKey? } }) and follows the answer's jobId.
import { cancelDeploy as cancelDeployUseCase } from "./cancel-deploy";
import { createApp as createAppUseCase } from "./create-app";
import { deployDeps } from "./deploy-deps";
import { redeployApp as redeployAppUseCase } from "./redeploy-app";
import { rollbackApp as rollbackAppUseCase } from "./rollback-app";
import type { Actor } from "@/lib/policy";
import type { DeployAnswer } from "./submit-revision";

/** A new app from a Compose file, deployed (202 { app, jobId, revision, portMappings, warnings }). */
export const createApp = (o: { actor: Actor; environmentId: unknown; input: unknown }): Promise<DeployAnswer> => createAppUseCase({ ...o, deps: deployDeps() });
/** A new revision of an app from a Compose file, deployed as a rolling update. */
export const redeployApp = (o: { actor: Actor; appId: unknown; input: unknown }): Promise<DeployAnswer> => redeployAppUseCase({ ...o, deps: deployDeps() });
/** A new revision with an earlier revision's file, variables and options. */
export const rollbackApp = (o: { actor: Actor; appId: unknown; input: unknown }): Promise<DeployAnswer> => rollbackAppUseCase({ ...o, deps: deployDeps() });
/** Cancels the app's deploy in flight (it ends as `cancelled`, the previous revision restored). */
export const cancelDeploy = (o: { actor: Actor; appId: unknown }) => cancelDeployUseCase({ ...o, deps: deployDeps() });

export type { DeployAnswer } from "./submit-revision";
export { getDeploy, getDeployOfJob, type DeployDto } from "./get-deploy";
export { validateApp, type ValidateAnswer, type ValidatedService } from "./validate-app";
export { stopApp } from "./stop-app";
export { startApp } from "./start-app";
export { deleteApp } from "./delete-app";
export { getApp } from "./get-app";
export { listApps } from "./list-apps";
export { listRevisions, type RevisionDto } from "./list-revisions";
export { exportAppCompose } from "./export-app-compose";
export { loadApp } from "./load-app";
export type { AppDto, ServiceDto, PortMappingDto } from "./app-dto";
export type { PreflightPolicy, PreflightContext } from "./preflight";
