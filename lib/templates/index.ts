// The app store's public surface: templates and versions, typed questions and their answers,
// deploy and upgrade through the ordinary app use-cases, Rancher catalog import, save-as-template,
// and the publish-request queue shared with images.
export { listTemplates, getTemplate, type TemplateDetailDto } from "./read-templates";
export { createTemplate, addTemplateVersion, updateTemplate, deleteTemplate } from "./create-template";
export { deployTemplate } from "./deploy-template";
export { upgradeApp, getAppTemplate, type AppTemplateStatus } from "./upgrade-app";
export { saveAppAsTemplate } from "./save-as-template";
export { publishTemplate } from "./publish-template";
export {
  listPublishQueue,
  getPublishQueueItem,
  approvePublishRequest,
  rejectPublishRequest,
  type PublishQueueItem,
  type TemplatePublishDetails,
  type TemplatePublishDto,
} from "./publish-queue";
export { importCatalog, type ImportReport } from "./import-catalog";
export { ARCHIVE_LIMITS } from "./safe-archive";
export { QUESTION_TYPES, validateAnswers, type Question, type QuestionType, type Answers } from "./questions";
export type { TemplateDto, TemplateVersionDto, TemplateVersionSummary } from "./template-dto";
export type { TemplateImage } from "./template-images";
