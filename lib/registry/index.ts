export {
  parseRepository,
  personalRepository,
  tenantRepository,
  marketRepository,
  shortName,
  isValidComponent,
  isValidTag,
  isValidDigest,
  type ImageScope,
  type RepoName,
} from "./names";
export { allowedActions, grantAccess, parseScopes, type Principal } from "./access";
export { issueRegistryToken, RegistryAuthError } from "./issue-token";
export { deployRegistryAuth } from "./deploy-credential";
export { isEventsAuthorization } from "./events-secret";
export { recordRegistryEvents, type RegistryChange } from "./record-events";
export { publicRegistryHost, tokenRealm, REGISTRY_SERVICE } from "./settings";
export { classifyPullAddress, pullAddressWarnings, type PullAddressClass, type RegistryWarning, type RegistryWarningCode } from "./pull-address";
