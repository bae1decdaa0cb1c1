// The public surface of the compose domain: parse tenant compose text into the normalized model,
// judge it with the one policy validator, fill environment defaults, and export it back.

export type {
  AppSpec,
  ExternalObjectSpec,
  FileRefSpec,
  HealthcheckSpec,
  MountSpec,
  PortSpec,
  Protocol,
  ServiceSpec,
  UlimitSpec,
  UpdateSpec,
  VolumeSpec,
  WarningSpec,
} from "./app-spec";
export { parseCompose, type ParseOptions } from "./parse-compose";
export { composeLocator, locateDetails, locateErrorDetails, type Locator } from "./locate";
export { IGNORED_SERVICE_KEYS } from "./service-keys";
export {
  applyEnvironmentDefaults,
  policyError,
  policyViolations,
  validatePolicy,
  withServiceImages,
  PolicyChecked,
  type DeepReadonly,
  type PolicyContext,
  type PolicyRule,
} from "./policy";
export { PLATFORM_LIMITS, LIMIT_MESSAGES, environmentLimits, replicasWithin, type ResourceLimits } from "./limits";
export { readStoredSpec } from "./stored-spec";
export { BASELINE_CAPABILITIES } from "./policy-service";
export { exportCompose } from "./export-compose";
export { MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_EXPANDED_BYTES, MAX_EXPANDED_NODES } from "./safe-yaml";
export { HIDDEN_VALUE, redactComposeText, redactSpecValues } from "./redact-values";
