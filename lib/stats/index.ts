export { getContainerStats, getHostTotals, downsample, type StatPoint } from "./container-stats";
export { getServiceStats } from "./service-stats";
export { startStatsSampler, sampleAllContainers } from "./sample-stats";
