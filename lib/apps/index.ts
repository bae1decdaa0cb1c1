export { createApp, redeployApp, rollbackApp, type DeployAnswer } from "./deploy-app";
export { validateApp, type ValidateAnswer, type ValidatedService } from "./validate-app";
export { stopApp, startApp, deleteApp } from "./app-lifecycle";
export { getApp, listApps, listRevisions, exportAppCompose, type RevisionDto } from "./read-apps";
export { loadApp } from "./load-app";
export type { AppDto, ServiceDto, PortMappingDto } from "./app-dto";
