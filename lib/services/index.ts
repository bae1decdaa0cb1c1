export { getService, scaleService, listServiceEvents, listServiceContainers, loadService, type ContainerDto } from "./services";
