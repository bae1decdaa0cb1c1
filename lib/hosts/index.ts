export { addHost } from "./add-host";
export { listHosts, getHost, loadHost } from "./list-hosts";
export { removeHost, runRemoveHost } from "./remove-host";
export { hostEngine, managerEngine } from "./host-engine";
export type { HostDto } from "./host-dto";
export { setHostAvailability } from "./set-host-availability";
