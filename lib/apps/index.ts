export { createApp, redeployApp, rollbackApp } from "./deploy-app";
export { stopApp, startApp, deleteApp } from "./app-lifecycle";
export { getApp, listApps, listRevisions, exportAppCompose, type RevisionDto } from "./read-apps";
export { loadApp } from "./load-app";
export type { AppDto, ServiceDto } from "./app-dto";
