// Public surface of lib/resources: an environment's volumes, networks and images (issue 11 day-2).
export { listEnvironmentVolumes, removeEnvironmentVolume, pruneEnvironmentVolumes, type VolumeDto, type ResourceUser, type UnreachableHost } from "./volumes";
export { listEnvironmentNetworks, removeEnvironmentNetwork, pruneEnvironmentNetworks, type NetworkDto } from "./networks";
export {
  pullImageOnHosts,
  pruneEnvironmentImages,
  runPullJob,
  pullJobHandler,
  PULL_JOB_KIND,
  type PullResult,
  type HostPullState,
  type HostPruneResult,
} from "./images";
export { defaultResourceDeps, type ResourceDeps } from "./resource-scope";
