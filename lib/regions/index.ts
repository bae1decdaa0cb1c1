export { listRegions, getRegion, resolveRegionId, regionPullAddresses, type RegionPullAddress } from "./read-regions";
export { createRegion } from "./create-region";
export { updateRegion } from "./update-region";
export { deleteRegion } from "./delete-region";
export { REGION_REF_SELECT, toRegionDto, type RegionDto, type RegionRef, type RegionRegistryDto } from "./region-dto";
export {
  isRegistryUrl,
  normalizeRegistryUrl,
  registryPullAddress,
  credentialColumns,
  registryUrl,
  createRegionInput,
  updateRegionInput,
  type RegistryInput,
} from "./region-input";
export { regionDeps, type RegionDeps } from "./region-deps";
