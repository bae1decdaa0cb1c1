// Replicas, resources, restart and update settings from V3 `deploy:` and from the V2 keys that mean
// the same (`scale`, `mem_limit`, `cpus`, `restart`). On Swarm `deploy:` is what counts, so when
// both are given and disagree, `deploy:` wins and a note says so.

import type { ServiceSpec, UpdateSpec } from "./app-spec";
import { childPath, type Issues, type Refusal } from "./issues";
import { checkKeys, isObj, readBytes, readCpus, readDurationMs, readInt, readKeyValues, readString, readStringList, type KeyValue, type Obj } from "./values";
import { LIMIT_MESSAGES, MIN_CPUS, PLATFORM_LIMITS, cpusWithin, formatBytes, memoryWithin } from "./limits";

export type DeployResult = Pick<
  ServiceSpec,
  "replicas" | "resources" | "restart" | "update" | "rollback" | "mode" | "endpointMode" | "placement" | "pidsLimit"
> & {
  labels: KeyValue[];
};

const DEPLOY_KEYS = ["mode", "replicas", "resources", "restart_policy", "update_config", "rollback_config", "placement", "labels", "endpoint_mode"] as const;
const UPDATE_KEYS = ["parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"] as const;

function sub(o: Obj, key: string, path: string, is: Issues): Obj | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (isObj(v)) return v;
  is.error(childPath(path, key), "Expected a mapping", "composeProblems.expectedMapping");
  return undefined;
}

function positiveBytes(v: unknown, path: string, is: Issues): number | undefined {
  const n = readBytes(v, path, is);
  if (n === 0) {
    // 0 means "unlimited" to the engine, which is exactly what required limits must prevent.
    is.error(path, "A memory size must be greater than 0", "composeProblems.memoryPositive");
    return undefined;
  }
  // The platform's ceiling (limits.ts); the policy checks the environment's own bounds again.
  if (n !== undefined && !memoryWithin(n, PLATFORM_LIMITS)) {
    is.error(path, LIMIT_MESSAGES.memory(PLATFORM_LIMITS.maxMemoryBytes), "composeErrors.limits.memory", { max: formatBytes(PLATFORM_LIMITS.maxMemoryBytes) });
    return undefined;
  }
  return n;
}

function boundedCpus(v: unknown, path: string, is: Issues): number | undefined {
  const n = readCpus(v, path, is);
  if (n !== undefined && !cpusWithin(n, PLATFORM_LIMITS)) {
    is.error(path, LIMIT_MESSAGES.cpus(PLATFORM_LIMITS.maxCpus), "composeErrors.limits.cpus", { min: MIN_CPUS, max: PLATFORM_LIMITS.maxCpus });
    return undefined;
  }
  return n;
}

function replicas(v: unknown, path: string, is: Issues): number | undefined {
  return readInt(v, path, is, 0, PLATFORM_LIMITS.maxReplicas);
}

function parseResources(o: Obj, path: string, is: Issues, refused: Refusal[], out: DeployResult): void {
  const r = out.resources;
  checkKeys(o, ["limits", "reservations"], path, is);
  const limits = sub(o, "limits", path, is);
  if (limits) {
    const lp = childPath(path, "limits");
    checkKeys(limits, ["cpus", "memory", "pids"], lp, is);
    if (limits.cpus !== undefined) r.cpus = boundedCpus(limits.cpus, childPath(lp, "cpus"), is);
    if (limits.memory !== undefined) r.memoryBytes = positiveBytes(limits.memory, childPath(lp, "memory"), is);
    if (limits.pids !== undefined) out.pidsLimit = readInt(limits.pids, childPath(lp, "pids"), is, 1, 4_194_304);
  }
  const res = sub(o, "reservations", path, is);
  if (res) {
    const rp = childPath(path, "reservations");
    checkKeys(res, ["cpus", "memory", "devices", "generic_resources"], rp, is);
    if (res.generic_resources !== undefined)
      is.warn(childPath(rp, "generic_resources"), "generic_resources are ignored; the platform's nodes advertise none", "composeWarnings.genericResources");
    if (res.cpus !== undefined) r.reservationCpus = boundedCpus(res.cpus, childPath(rp, "cpus"), is);
    if (res.memory !== undefined) r.reservationMemoryBytes = positiveBytes(res.memory, childPath(rp, "memory"), is);
    if (res.devices !== undefined) {
      refused.push({
        path: childPath(rp, "devices"),
        rule: "devices",
        message: "Device reservations (GPUs and other host devices) are not allowed",
        key: "composeRules.deviceReservations",
      });
    }
  }
}

function readRatio(v: unknown, path: string, is: Issues): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,3}(\.\d{1,9})?$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) {
    is.error(path, "Expected a ratio from 0 to 1, such as 0.3", "composeProblems.ratio");
    return undefined;
  }
  return n;
}

const CONSTRAINT = /^[A-Za-z0-9_./-]{1,200}\s*(==|!=)\s*[^\s\u0000-\u001f\u007f][^\u0000-\u001f\u007f]{0,200}$/;

/** Node constraints, spread preferences and a per-node ceiling; the platform's own spread stays last. */
function parsePlacement(o: Obj, path: string, is: Issues): NonNullable<ServiceSpec["placement"]> {
  checkKeys(o, ["constraints", "preferences", "max_replicas_per_node"], path, is);
  const out: NonNullable<ServiceSpec["placement"]> = {};
  if (o.constraints !== undefined) {
    out.constraints = (readStringList(o.constraints, childPath(path, "constraints"), is, true) ?? [])
      .filter((c, i) => {
        if (CONSTRAINT.test(c.trim())) return true;
        is.error(childPath(childPath(path, "constraints"), i), 'A constraint is written "node.role == worker" or "node.labels.zone != a"');
        return false;
      })
      .map((c) => c.trim());
  }
  if (o.preferences !== undefined) {
    const pp = childPath(path, "preferences");
    if (!Array.isArray(o.preferences)) is.error(pp, "preferences must be a list of { spread: node.labels.x }", "composeProblems.preferencesList");
    else {
      out.preferences = [];
      o.preferences.forEach((item, i) => {
        const ip = childPath(pp, i);
        if (!isObj(item) || typeof item.spread !== "string" || !/^[A-Za-z0-9_./-]{1,200}$/.test(item.spread)) {
          is.error(ip, "A preference is { spread: node.labels.<label> }", "composeProblems.preferenceForm");
        } else {
          checkKeys(item, ["spread"], ip, is);
          out.preferences!.push(item.spread);
        }
      });
    }
  }
  if (o.max_replicas_per_node !== undefined) {
    out.maxReplicasPerNode = readInt(o.max_replicas_per_node, childPath(path, "max_replicas_per_node"), is, 0, PLATFORM_LIMITS.maxReplicas);
  }
  if (out.constraints?.length === 0) delete out.constraints;
  if (out.preferences?.length === 0) delete out.preferences;
  return defined(out);
}

function parseRestartPolicy(o: Obj, path: string, is: Issues, restart: ServiceSpec["restart"]): void {
  checkKeys(o, ["condition", "delay", "max_attempts", "window"], path, is);
  if (o.condition !== undefined) {
    const c = readString(o.condition, childPath(path, "condition"), is);
    if (c === "none" || c === "on-failure" || c === "any") restart.condition = c;
    else if (c !== undefined)
      is.error(childPath(path, "condition"), 'Restart condition must be "none", "on-failure" or "any"', "composeProblems.restartCondition");
  }
  if (o.delay !== undefined) restart.delayMs = readDurationMs(o.delay, childPath(path, "delay"), is);
  if (o.max_attempts !== undefined) restart.maxAttempts = readInt(o.max_attempts, childPath(path, "max_attempts"), is, 0, 1_000_000);
  if (o.window !== undefined) restart.windowMs = readDurationMs(o.window, childPath(path, "window"), is);
}

function parseUpdateConfig(o: Obj, path: string, is: Issues, update: UpdateSpec): void {
  checkKeys(o, UPDATE_KEYS, path, is);
  if (o.parallelism !== undefined) update.parallelism = readInt(o.parallelism, childPath(path, "parallelism"), is, 0, 10_000);
  if (o.delay !== undefined) update.delayMs = readDurationMs(o.delay, childPath(path, "delay"), is);
  if (o.order !== undefined) {
    const v = readString(o.order, childPath(path, "order"), is);
    if (v === "stop-first" || v === "start-first") update.order = v;
    else if (v !== undefined) is.error(childPath(path, "order"), 'order must be "stop-first" or "start-first"', "composeProblems.updateOrder");
  }
  if (o.failure_action !== undefined) {
    const v = readString(o.failure_action, childPath(path, "failure_action"), is);
    if (v === "pause" || v === "continue" || v === "rollback") update.failureAction = v;
    else if (v !== undefined)
      is.error(childPath(path, "failure_action"), 'failure_action must be "pause", "continue" or "rollback"', "composeProblems.failureAction");
  }
  if (o.monitor !== undefined) update.monitorMs = readDurationMs(o.monitor, childPath(path, "monitor"), is);
  if (o.max_failure_ratio !== undefined) update.maxFailureRatio = readRatio(o.max_failure_ratio, childPath(path, "max_failure_ratio"), is);
  defined(update);
}

/** V2 `restart:` values mapped onto Swarm restart conditions. */
function parseV2Restart(v: unknown, path: string, is: Issues, restart: ServiceSpec["restart"]): void {
  const s = readString(v, path, is);
  if (s === undefined) return;
  const m = /^on-failure(?::(\d{1,6}))?$/.exec(s);
  if (s === "no") restart.condition = "none";
  else if (s === "always" || s === "unless-stopped") restart.condition = "any";
  else if (m) {
    restart.condition = "on-failure";
    if (m[1] !== undefined) restart.maxAttempts = Number(m[1]);
  } else is.error(path, 'restart must be "no", "always", "on-failure[:N]" or "unless-stopped"', "composeProblems.restartPolicy");
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * `legacyRestart`: Compose V1/V2 files, where a service without `restart:` is not restarted when it
 * ends (a one-shot job must be able to finish). On Swarm that is condition `on-failure`: a task
 * that exits 0 stays finished, while a task lost to a failed start or a node is still replaced
 * (`none` would leave such a service down for good). V3 and the Compose Spec keep Swarm's default
 * (`any`); an explicit `restart: "no"` is `none`.
 */
export function parseDeploy(svc: Obj, path: string, is: Issues, refused: Refusal[], legacyRestart = false): DeployResult {
  const out: DeployResult = { replicas: 1, resources: {}, restart: { condition: legacyRestart ? "on-failure" : "any" }, update: {}, labels: [] };
  const r = out.resources;
  // V2 keys first; `deploy:` below overrides them, as on Swarm.
  if (svc.scale !== undefined) out.replicas = replicas(svc.scale, childPath(path, "scale"), is) ?? 1;
  if (svc.cpus !== undefined) r.cpus = boundedCpus(svc.cpus, childPath(path, "cpus"), is);
  if (svc.mem_limit !== undefined) r.memoryBytes = positiveBytes(svc.mem_limit, childPath(path, "mem_limit"), is);
  if (svc.mem_reservation !== undefined) r.reservationMemoryBytes = positiveBytes(svc.mem_reservation, childPath(path, "mem_reservation"), is);
  if (svc.pids_limit !== undefined) out.pidsLimit = readInt(svc.pids_limit, childPath(path, "pids_limit"), is, -1, 4_194_304);
  if (out.pidsLimit === -1 || out.pidsLimit === 0) delete out.pidsLimit; // unlimited: the engine's default
  if (svc.restart !== undefined) parseV2Restart(svc.restart, childPath(path, "restart"), is, out.restart);

  const dp = childPath(path, "deploy");
  const deploy = sub(svc, "deploy", path, is);
  if (deploy) {
    checkKeys(deploy, DEPLOY_KEYS, dp, is);
    if (deploy.mode !== undefined) {
      const mode = readString(deploy.mode, childPath(dp, "mode"), is);
      if (mode === "global") out.mode = "global";
      else if (mode === "replicated-job" || mode === "global-job") {
        refused.push({
          path: childPath(dp, "mode"),
          rule: "unsupported",
          message: `deploy.mode "${mode}" (Swarm jobs) is not supported; run the job as a service with restart_policy condition none`,
          key: "composeRules.jobMode",
          params: { mode },
        });
      } else if (mode !== undefined && mode !== "replicated")
        is.error(childPath(dp, "mode"), 'deploy.mode must be "replicated" or "global"', "composeProblems.deployMode");
    }
    if (deploy.replicas !== undefined) {
      const n = replicas(deploy.replicas, childPath(dp, "replicas"), is);
      if (n !== undefined && svc.scale !== undefined && n !== out.replicas)
        is.warn(childPath(path, "scale"), "deploy.replicas overrides scale", "composeWarnings.replicasOverridesScale");
      if (n !== undefined) out.replicas = n;
      if (out.mode === "global")
        is.warn(childPath(dp, "replicas"), "replicas is ignored for a global service (one task per node)", "composeWarnings.replicasGlobal");
    }
    const resources = sub(deploy, "resources", dp, is);
    if (resources) {
      const hadV2 = svc.cpus !== undefined || svc.mem_limit !== undefined || svc.mem_reservation !== undefined;
      if (hadV2) is.warn(dp, "deploy.resources overrides mem_limit/mem_reservation/cpus where both are set", "composeWarnings.resourcesOverride");
      parseResources(resources, childPath(dp, "resources"), is, refused, out);
    }
    const rp = sub(deploy, "restart_policy", dp, is);
    if (rp) {
      if (svc.restart !== undefined) is.warn(childPath(path, "restart"), "deploy.restart_policy overrides restart", "composeWarnings.restartOverride");
      out.restart = { condition: "any" }; // Swarm's default when restart_policy has no condition
      parseRestartPolicy(rp, childPath(dp, "restart_policy"), is, out.restart);
    }
    const uc = sub(deploy, "update_config", dp, is);
    if (uc) parseUpdateConfig(uc, childPath(dp, "update_config"), is, out.update);
    const rc = sub(deploy, "rollback_config", dp, is);
    if (rc) {
      out.rollback = {};
      parseUpdateConfig(rc, childPath(dp, "rollback_config"), is, out.rollback);
    }
    const placement = sub(deploy, "placement", dp, is);
    if (placement) {
      const pl = parsePlacement(placement, childPath(dp, "placement"), is);
      if (Object.keys(pl).length > 0) out.placement = pl;
    }
    if (deploy.endpoint_mode !== undefined) {
      const m = readString(deploy.endpoint_mode, childPath(dp, "endpoint_mode"), is);
      if (m === "vip" || m === "dnsrr") out.endpointMode = m;
      else if (m !== undefined) is.error(childPath(dp, "endpoint_mode"), 'endpoint_mode must be "vip" or "dnsrr"', "composeProblems.endpointMode");
    }
    if (deploy.labels !== undefined) out.labels = readKeyValues(deploy.labels, childPath(dp, "labels"), is) ?? [];
  }

  for (const [limit, reservation, what] of [
    ["cpus", "reservationCpus", "CPU"],
    ["memoryBytes", "reservationMemoryBytes", "memory"],
  ] as const) {
    const l = r[limit];
    const res = r[reservation];
    if (l !== undefined && res !== undefined && res > l)
      is.error(
        childPath(dp, "resources"),
        `The ${what} reservation is larger than the ${what} limit`,
        what === "CPU" ? "composeProblems.cpuReservation" : "composeProblems.memoryReservation",
      );
  }
  defined(r);
  defined(out.restart);
  defined(out.update);
  return defined(out);
}
