// Public surface of lib/orchestrator.
export * from "./swarm-driver";
export { buildServiceSpecs, linkAliases, type ServiceBuildContext } from "./build-service-spec";
export {
  LABEL,
  RESERVED_LABEL_PREFIX,
  appLabels,
  labelFilters,
  readClaims,
  isReservedLabel,
  withoutReserved,
  type LabelKey,
  type AppLabelContext,
} from "./labels";
export { appNetworkName, serviceEngineName, volumeEngineName } from "./names";
export type * from "./types";
