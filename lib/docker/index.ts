// Public surface of lib/docker: the only module in the codebase that talks to dockerode.
export { engineFor, closeEngines, type Engine, type EngineOptions, type EndpointConfig } from "./engine";
export { parseEndpoint, type ParsedEndpoint, type TlsMaterial, type SshMaterial, type ConnectGuard } from "./endpoint";
export { isUnreachable, connectionCategory, type ConnectionCategory } from "./errors";
export { isUsableSshPrivateKey } from "./connect";
export { MAX_API_VERSION } from "./transport";
export type * from "./types";
export type * from "./spec-types";
export type { SwarmInitOptions, SwarmJoinOptions } from "./swarm";
export type { NodeFilters, NodePatch } from "./nodes";
export type { NetworkFilters } from "./networks";
export type { ServiceFilters, RegistryAuthOptions } from "./services";
export type { TaskFilters } from "./tasks";
export type { ContainerFilters, CommitOptions } from "./containers";
export type { LogOptions, LogChunk, LogStream } from "./logs";
export type { ExecOptions, ExecSession, ExecState } from "./exec";
export type { ProgressMessage } from "./images";
export type { EventFilters, EventOptions, EventStream } from "./events";
export { splitImageRef } from "./images";
