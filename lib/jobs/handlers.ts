// Which job kinds this process runs. Each domain registers its handlers here so the worker in
// server.ts (and integration tests) start with the same set.
export function registerJobHandlers(): void {
  // Registered by the orchestration domain (deploy, scale, remove) as it lands.
}
