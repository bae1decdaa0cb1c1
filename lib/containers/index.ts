export { getContainer, type ContainerDetailsDto } from "./get-container";
export { readContainerLogs, readServiceLogs, followLogs, type LogLine } from "./container-logs";
export { listContainerFiles, downloadContainerPath, uploadToContainer, type FileEntry } from "./container-files";
export { listTerminalSessions } from "./terminal-sessions";
export { resolveContainer, failureCode } from "./resolve-container";
export { readTarFiles } from "./tar";
export { restartContainer } from "./restart-container";
export { removeContainer } from "./remove-container";
