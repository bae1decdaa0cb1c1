// ─── Security invariant (T16) ──────────────────────────────────────────────────────────────────
// Every container operation starts here: the client names a portal container id only. The row is
// loaded inside the caller's tenant scope, authorized, and the engine container id and the host
// come from the database — never from the client. Engine failures leave as user-safe AppErrors
// whose `details[0].rule` says NOT_RUNNING or HOST_UNREACHABLE (no endpoint in the message).
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { db } from "@/lib/db";
import { isUnreachable, type Engine } from "@/lib/docker";
import { appError, AppError, isAppError, notFound, problem } from "@/lib/errors";
import { authorize, tenantScope, type Actor, type Permission } from "@/lib/policy";
import { hostEngine } from "@/lib/hosts/host-engine";
import { id, parseInput } from "@/lib/validation";

export type ContainerFailure = "NOT_FOUND" | "FORBIDDEN" | "NOT_RUNNING" | "NO_SHELL" | "HOST_UNREACHABLE";

export interface ResolvedContainer {
  id: string;
  tenantId: string;
  serviceId: string;
  slot: number | null;
  state: string;
  engineId: string;
  host: { id: string; name: string; environmentId: string };
  engine: Engine;
}

export function notRunning(hostGone = false): AppError {
  const [key, message] = hostGone
    ? ["containerErrors.hostGone", "The host of this container is gone; the swarm will reschedule it."]
    : ["containerErrors.notRunning", "The container is not running; start or scale the service first."];
  return appError("CONFLICT", key, undefined, message, { details: [problem("container", key, undefined, message, "NOT_RUNNING")] });
}
export function hostUnreachable(): AppError {
  const message = "The host that runs this container does not answer; try again when it is back.";
  return appError("CONFLICT", "containerErrors.hostUnreachable", undefined, message, {
    details: [problem("container", "containerErrors.hostUnreachable", undefined, message, "HOST_UNREACHABLE")],
  });
}

/** The terminal protocol's failure code for any error a container operation threw. */
export function failureCode(e: unknown): ContainerFailure | "INTERNAL" {
  if (isAppError(e)) {
    const rule = e.details?.[0]?.rule;
    if (rule === "NOT_RUNNING" || rule === "HOST_UNREACHABLE" || rule === "NO_SHELL") return rule;
    if (e.code === "NOT_FOUND" || e.code === "VALIDATION") return "NOT_FOUND";
    if (e.code === "FORBIDDEN") return "FORBIDDEN";
  }
  return "INTERNAL";
}

/** Runs an engine call and maps its failure: unreachable → HOST_UNREACHABLE, gone/stopped → NOT_RUNNING. */
export async function engineCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isUnreachable(e)) throw hostUnreachable();
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "CONFLICT") && !e.details?.length) throw notRunning();
    if (isAppError(e) && e.details?.length) throw e;
    throw appError("INTERNAL", "containerErrors.engineRefused", undefined, "The engine refused the operation; see the portal log.", { cause: e });
  }
}

/** Loads a container row in the caller's scope and authorizes `permission` (no engine call). */
export async function loadContainerRow(actor: Actor, containerId: unknown, permission: Permission) {
  const cid = parseInput(id, containerId);
  const row = await db.container.findFirst({ where: { AND: [{ id: cid }, tenantScope(actor)] } });
  if (!row) throw notFound("Container");
  authorize(actor, permission, { tenantId: row.tenantId, kind: "Container" });
  return row;
}

/** Portal container id → authorized, running container with its host's engine. */
export async function resolveContainer({
  actor,
  containerId,
  permission,
  timeoutMs,
}: {
  actor: Actor;
  containerId: unknown;
  permission: Permission;
  timeoutMs?: number;
}): Promise<ResolvedContainer> {
  const row = await loadContainerRow(actor, containerId, permission);
  if (row.state !== "running" || !row.engineId || !row.hostId) throw notRunning();
  const host = await db.host.findFirst({ where: { AND: [{ id: row.hostId }, { tenantId: row.tenantId }] } });
  if (!host) throw notRunning(true);
  if (host.status === "unreachable" || host.status === "removing") throw hostUnreachable();
  return {
    id: row.id,
    tenantId: row.tenantId,
    serviceId: row.serviceId,
    slot: row.slot,
    state: row.state,
    engineId: row.engineId,
    host: { id: host.id, name: host.name, environmentId: host.environmentId },
    engine: hostEngine(host, timeoutMs ?? 10_000),
  };
}
