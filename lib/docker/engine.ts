// The one factory for engine clients. `engineFor` validates the endpoint, reuses one cached
// transport per endpoint (+ credentials), and returns an Engine: plain typed operations with a
// deadline on every call. Use-cases depend on the Engine interface, so tests can pass fakes.
import { parseEndpoint, type EndpointConfig } from "./endpoint";
import { dropTransports, transportFor } from "./transport";
import { systemOps, type SystemOps } from "./system";
import { swarmOps, type SwarmOps } from "./swarm";
import { nodeOps, type NodeOps } from "./nodes";
import { networkOps, type NetworkOps } from "./networks";
import { serviceOps, type ServiceOps } from "./services";
import { taskOps, type TaskOps } from "./tasks";
import { containerOps, type ContainerOps } from "./containers";
import { logOps, type LogOps } from "./logs";
import { execOps, type ExecOps } from "./exec";
import { imageOps, type ImageOps } from "./images";
import { volumeOps, type VolumeOps } from "./volumes";
import { eventOps, type EventOps } from "./events";
import { secretOps, type SecretOps } from "./secrets";
import { probeOps, type ProbeOps } from "./probe";

export type { EndpointConfig } from "./endpoint";

export interface Engine
  extends SystemOps, SwarmOps, NodeOps, NetworkOps, ServiceOps, TaskOps, ContainerOps, LogOps, ExecOps, ImageOps, VolumeOps, EventOps, SecretOps, ProbeOps {
  /** Normalized endpoint ("tcp://10.77.0.12:2375"); what error messages name. */
  readonly endpoint: string;
}

export interface EngineOptions {
  /** Deadline per API call (streams: until their headers). Default 10 s. Bulk operations
   * (commit, import, pull, push, archives, swarm join) use longer deadlines of their own. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function engineFor(cfg: EndpointConfig, opts?: EngineOptions): Engine {
  const parsed = parseEndpoint(cfg.endpoint);
  const c = {
    t: transportFor(parsed, cfg),
    endpoint: parsed.display,
    timeoutMs: Math.max(100, opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  };
  return {
    endpoint: parsed.display,
    ...systemOps(c),
    ...swarmOps(c),
    ...nodeOps(c),
    ...networkOps(c),
    ...serviceOps(c),
    ...taskOps(c),
    ...containerOps(c),
    ...logOps(c),
    ...execOps(c),
    ...imageOps(c),
    ...volumeOps(c),
    ...eventOps(c),
    ...secretOps(c),
    ...probeOps(c),
  };
}

/** Close pooled connections: of one endpoint (a host was removed or its credentials changed), or
 * of all engines (shutdown, end of a test run). */
export function closeEngines(endpoint?: string): void {
  dropTransports(endpoint === undefined ? undefined : parseEndpoint(endpoint).display);
}
