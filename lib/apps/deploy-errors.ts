// Errors a person can act on: every failure of the deploy path becomes an AppError with a code, a
// safe English message, a catalog key (messages/<locale>/deploy.json, namespace `deployment`) with its
// parameters, and details. Engine errors are mapped by their typed kind (lib/docker EngineError),
// never by their text; the message names the service and the host by its portal name. The engine's
// own text and the host's address go to the server log only.
import { AppError, isAppError, type ErrorDetail, type MessageParams } from "@/lib/errors";
import { EngineError, engineErrorKind, type EngineErrorKind } from "@/lib/docker/errors";
import type { DeployFailure, DeployPhase } from "./deploy-state";

/** English texts of the catalog keys below (the API's `message`; the catalogs translate). */
export const DEPLOY_MESSAGES: Record<string, (p: MessageParams) => string> = {
  "deployment.errors.unreachable": (p) => `The deploy could not reach host ${p.host}. Check that the host is online, then deploy again.`,
  "deployment.errors.not_found": (p) =>
    `Service ${p.service}: an object the deploy needs was not found on host ${p.host}. Deploy again; if it persists, check the host.`,
  "deployment.errors.conflict": (p) =>
    `Service ${p.service}: host ${p.host} refused the change because of a conflicting object or swarm state. Deploy again in a moment.`,
  "deployment.errors.pull_denied": (p) =>
    `Service ${p.service}: host ${p.host} was refused access to its image. Check the image name and that your tenant may pull it.`,
  "deployment.errors.no_suitable_node": (p) =>
    `Service ${p.service}: no host matches its placement constraints or has room for it. Relax the constraints, lower the reservations or add a host.`,
  "deployment.errors.insufficient_resources": (p) =>
    `Service ${p.service}: no host has enough free CPU or memory for its reservations. Lower the reservations or add capacity.`,
  "deployment.errors.invalid": (p) => `Service ${p.service}: host ${p.host} refused the service definition. Check the Compose file.`,
  "deployment.errors.other": (p) => `Service ${p.service}: the deploy failed on host ${p.host}. The portal log has the engine's answer.`,
  "deployment.errors.taskFailed": (p) => `Service ${p.service}: its tasks keep failing (exit code ${p.exitCode}). Check the service's logs.`,
  "deployment.errors.rolledBack": (p) => `Service ${p.service}: swarm paused or rolled back the rolling update. Check the service's logs and deploy again.`,
  "deployment.errors.timeout": (p) => `The services did not become ready within ${p.seconds} s (${p.summary}). Check the services' logs.`,
  "deployment.errors.interrupted": () => "The portal stopped during this deploy and could not resume it. Deploy again.",
  "deployment.errors.preflight": (p) => `The deploy was refused before anything changed (${p.count} problem(s)): ${p.first}`,
  "deployment.errors.taskRejected": (p) =>
    `Service ${p.service}: host ${p.host} refused to start its tasks (image, mount or configuration). The portal log has the engine's answer.`,
  "deployment.errors.internal": () => "The deploy failed on the server. The portal log has the details.",
  "deployment.errors.keyReused": () => "This Idempotency-Key was already used for another request.",
  "deployment.errors.nameTaken": (p) => `This environment already has an app named "${p.name}".`,
  "deployment.errors.noHosts": () => "This environment has no hosts yet; add a host before deploying.",
  "deployment.errors.deleting": () => "This app is being deleted.",
  "deployment.errors.nothingToCancel": () => "No deploy of this app is in progress.",
  "deployment.preflight.imageMissing": (p) => `Service ${p.service}: image ${p.image} was not found in its registry. Push the image or fix its name.`,
  "deployment.preflight.imageDenied": (p) => `Service ${p.service}: the hosts may not pull image ${p.image}. Check that your tenant may pull it.`,
  "deployment.preflight.registryUnreachable": (p) =>
    `Service ${p.service}: the registry of image ${p.image} did not answer, and no host has the image. Check the registry, then deploy again.`,
  "deployment.preflight.noReadyHost": () => "No host of this environment is ready. Bring a host online, then deploy again.",
  "deployment.preflight.constraints": (p) =>
    `Service ${p.service}: no ready host matches its placement constraints (${p.constraints}). Relax them or label a host.`,
  "deployment.preflight.memory": (p) =>
    `Service ${p.service} reserves ${p.neededMb} MB of memory; the most any ready host has free is ${p.freeMb} MB. Lower the reservation or add a larger host.`,
  "deployment.preflight.cpus": (p) =>
    `Service ${p.service} reserves ${p.needed} CPUs; the most any ready host has free is ${p.free}. Lower the reservation or add a larger host.`,
  "deployment.preflight.quota": (p) => `The deploy exceeds your tenant's quota: ${p.what}.`,
};

export function deployMessage(key: string, params: MessageParams = {}): string {
  return DEPLOY_MESSAGES[key]?.(params) ?? key;
}

/** An AppError of the deploy path with its catalog key. */
export function deployError(code: AppError["code"], key: string, params: MessageParams = {}, details?: ErrorDetail[], cause?: unknown): AppError {
  return new AppError(code, deployMessage(key, params), details, { i18n: { key, params }, ...(cause === undefined ? {} : { cause }) });
}

/** One preflight problem as an error detail: the service, the check, and what to do. */
export function preflightDetail(check: string, key: string, params: MessageParams & { service?: string }): ErrorDetail {
  return { path: params.service ? `services.${params.service}` : "(deploy)", rule: `preflight.${check}`, message: deployMessage(key, params), key, params };
}

export function preflightError(problems: ErrorDetail[]): AppError {
  return deployError("CONFLICT", "deployment.errors.preflight", { first: problems[0]?.message ?? "", count: problems.length }, problems);
}

const KIND_CODE: Record<EngineErrorKind, AppError["code"]> = {
  unreachable: "CONFLICT",
  not_found: "CONFLICT",
  conflict: "CONFLICT",
  pull_denied: "CONFLICT",
  no_suitable_node: "CONFLICT",
  insufficient_resources: "CONFLICT",
  invalid: "VALIDATION",
  other: "INTERNAL",
};

/**
 * Whatever the deploy threw, as an AppError safe for any answer. AppErrors the portal made itself
 * (policy, validation, preflight) pass through; engine errors are mapped by kind and logged.
 */
export function toDeployError(e: unknown, where: { service?: string; host: string }): AppError {
  if (isAppError(e) && !(e instanceof EngineError)) return e;
  const kind = engineErrorKind(e);
  console.error(
    `[deploy] engine error (${kind}) on host ${where.host}${where.service ? `, service ${where.service}` : ""}:`,
    e instanceof Error ? e.message : e,
  );
  const key = `deployment.errors.${kind}`;
  return deployError(KIND_CODE[kind], key, { service: where.service ?? "-", host: where.host }, undefined, e);
}

export function failureOf(e: AppError, phase?: DeployPhase): DeployFailure {
  return {
    code: e.code,
    message: e.message,
    ...(e.i18n ? { key: e.i18n.key, ...(e.i18n.params ? { params: e.i18n.params } : {}) } : {}),
    ...(e.details?.length
      ? {
          details: e.details
            .slice(0, 20)
            .map((d) => ({ path: d.path, message: d.message, rule: d.rule, key: d.key, ...(d.params ? { params: d.params } : {}) })),
        }
      : {}),
    ...(phase ? { phase } : {}),
  };
}

export function errorOfFailure(f: DeployFailure): AppError {
  return new AppError(f.code, f.message, f.details, f.key ? { i18n: { key: f.key, params: f.params } } : undefined);
}

/**
 * Runs an idempotent engine step again when the engine did not answer (a timeout or a dropped
 * connection on a busy host), up to `attempts` times with a growing pause; any other error, and
 * the last unreachable one, goes to the caller. `sleep` is a parameter for tests.
 */
export async function retryUnreachable<T>(
  step: () => Promise<T>,
  opts: { attempts?: number; delayMs?: number; sleep?: (ms: number) => Promise<void>; onRetry?: (attempt: number, e: unknown) => void } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 3;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      if (attempt >= attempts || engineErrorKind(e) !== "unreachable") throw e;
      opts.onRetry?.(attempt, e);
      await sleep((opts.delayMs ?? 1000) * attempt);
    }
  }
}
