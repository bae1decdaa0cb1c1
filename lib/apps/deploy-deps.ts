// The dependencies of the deploy use-cases and of the deploy job, as parameters. server.ts builds
// them once (wireDeployDeps) from the real database, engines and queue; Next's route and page code
// runs in the same process but loads its own copy of this module, so the wiring lives on
// globalThis. Unit tests call the use-cases and the machine with plain fakes instead.
import type { PrismaClient } from "@prisma/client";
import type { Db } from "@/lib/db";
import { appError } from "@/lib/errors";
import type { EnqueueInput } from "@/lib/jobs";
import type { QuotaRequest } from "@/lib/quotas";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface DeployUseCaseDeps {
  db: PrismaClient;
  /** The persisted job queue (lib/jobs enqueueJob): inside the use-case's transaction. */
  enqueue(tx: Db, input: EnqueueInput): Promise<{ id: string; created: boolean }>;
  /** Serializes revision numbers and port leases of one environment (lib/jobs/keyed-mutex). */
  lock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** The tenant's quota check (lib/quotas withQuota): `fn` writes the new desired state under the
   *  tenant's quota lock after the check passed, before any engine call (issue 16). */
  quota<T>(request: QuotaRequest, fn: () => Promise<T>): Promise<T>;
  clock: Clock;
}

const g = globalThis as unknown as { __caasDeployDeps?: DeployUseCaseDeps };

/** server.ts: once, before the first request. */
export function wireDeployDeps(deps: DeployUseCaseDeps): void {
  g.__caasDeployDeps = deps;
}

/** The wired dependencies (the transports' entry points in index.ts use them). */
export function deployDeps(): DeployUseCaseDeps {
  if (!g.__caasDeployDeps) throw appError("INTERNAL", "errors.INTERNAL", undefined, "The deploy use-cases are not wired (server.ts wires them at start).");
  return g.__caasDeployDeps;
}
