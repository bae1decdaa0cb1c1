export { getService, scaleService, listServiceEvents, listServiceContainers, loadService, type ContainerDto } from "./services";
export { restartService } from "./restart-service";
export { stopService } from "./stop-service";
export { startService } from "./start-service";
export { updateServiceImage } from "./update-service-image";
