// What every measurement gets: the portal (REST as a tenant member, as the admin), the lab
// environment, the raw engines, sizes for the run (full or --quick), and a cleanup list.
import type { Engine } from "@/lib/docker";
import type { Api } from "./support";

export interface Sizes {
  /** Repetitions of the slow measures (deploy, scale, terminal open). */
  trials: number;
  echoSamples: number;
  throughputBytes: number;
  throughputTrials: number;
  /** Replicas behind the container list. */
  listContainers: number;
  /** New tasks the list fixture asks swarm for at a time (measures/list.ts). */
  listGrowStep: number;
  listSamples: number;
  concurrentDeploys: number;
}

export const FULL: Sizes = {
  trials: 5,
  echoSamples: 1000,
  throughputBytes: 50 * 1024 * 1024,
  throughputTrials: 3,
  listContainers: 200,
  listGrowStep: 25,
  listSamples: 200,
  concurrentDeploys: 200,
};

export const QUICK: Sizes = {
  trials: 1,
  echoSamples: 100,
  throughputBytes: 5 * 1024 * 1024,
  throughputTrials: 1,
  listContainers: 12,
  listGrowStep: 4, // 4 + 2 per app: the quick run takes the step path too
  listSamples: 10,
  concurrentDeploys: 30,
};

export interface BenchContext {
  quick: boolean;
  sizes: Sizes;
  baseUrl: string;
  admin: Api;
  /** A member of the bench tenant: every portal-side call is made as a tenant user. */
  member: Api;
  memberCreds: { email: string; password: string };
  environmentId: string;
  /** The swarm manager the portal uses (first lab host); the raw side uses the same swarm. */
  manager: Engine;
  engines: Engine[];
  /** Unique per run: names of raw objects and apps carry it. */
  runId: string;
  /** Defaults of the environment, so the raw specs equal the portal's. */
  envDefaults: { cpus: number; memoryMb: number; publishMode: "host" | "ingress"; endpointMode: "dnsrr" | "vip"; tenantId: string };
  /** The portal's Node process (the listener on its port), for CPU and memory diagnosis. */
  portalPid: number | null;
  log(msg: string): void;
  /** Run at the end, last registered first, whatever happened. */
  onCleanup(what: string, fn: () => Promise<unknown>): void;
  /** Shared between measures: the scale app's service (1 replica at rest) for the terminal. */
  shared: { terminalServiceId?: string; terminalEngineService?: string };
}
