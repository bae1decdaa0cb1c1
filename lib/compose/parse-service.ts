// One service → ServiceSpec. Allow-list parsing: a key not listed here is an error naming its path,
// so a misspelt or newer key can never be dropped silently and come back as a surprise later.

import type { HealthcheckSpec, ServiceSpec } from "./app-spec";
import type { Variables } from "./interpolate";
import { HOSTNAME, USER, containerPathProblem, envNameProblem, imageProblem, labelKeyProblem } from "./names";
import { childPath, type Issues, type Refusal } from "./issues";
import { parseDeploy } from "./parse-deploy";
import { parseTmpfs, parseVolumes, type MountResult, type VolumeRef } from "./parse-mounts";
import { checkExpose, parsePorts } from "./parse-ports";
import { parseDependsOn, parseLinks, parseSecretRefs, parseServiceNetworks, type Ref } from "./parse-service-refs";
import { SECURITY_KEYS, parseSecurity } from "./parse-service-security";
import { parseDns, parseDnsOptions, parseDnsSearch, parseExtraHosts, parseLogging, parseStopSignal, parseUlimits } from "./parse-service-runtime";
import { IGNORED_SERVICE_KEYS } from "./service-keys";
import {
  checkKeys,
  isObj,
  readBool,
  readDurationMs,
  readInt,
  readKeyValues,
  readString,
  readStringList,
  shellSplit,
  toRecord,
  type KeyValue,
  type Obj,
} from "./values";

const GENERAL_KEYS = [
  "image",
  "command",
  "entrypoint",
  "environment",
  "working_dir",
  "user",
  "hostname",
  "labels",
  "deploy",
  "scale",
  "mem_limit",
  "mem_reservation",
  "cpus",
  "pids_limit",
  "restart",
  "ports",
  "expose",
  "volumes",
  "tmpfs",
  "links",
  "depends_on",
  "healthcheck",
  "init",
  "tty",
  "stdin_open",
  "stop_grace_period",
  "stop_signal",
  "read_only",
  "ulimits",
  "dns",
  "dns_search",
  "dns_opt",
  "extra_hosts",
  "logging",
  "log_driver",
  "log_opt",
  "networks",
  "secrets",
  "configs",
] as const;
const SERVICE_KEYS: readonly string[] = [...GENERAL_KEYS, ...SECURITY_KEYS, ...Object.keys(IGNORED_SERVICE_KEYS)];

export type ServiceRefs = {
  volumes: VolumeRef[];
  links: Ref[];
  dependsOn: Ref[];
  networks: Ref[];
  secrets: Ref[];
  configs: Ref[];
  /** Key paths of spec.ports[i] and spec.mounts[i] (indexes differ from the file's after range expansion). */
  portPaths: string[];
  mountPaths: string[];
};

function command(v: unknown, path: string, is: Issues): string[] | undefined {
  if (v === null) return undefined;
  if (typeof v === "string") return shellSplit(v, path, is);
  return readStringList(v, path, is);
}

/** `- KEY` / `KEY:` take the value from the app's variables (never the portal's environment). */
function environment(v: unknown, path: string, is: Issues, vars: Variables): Record<string, string> {
  const pairs: KeyValue[] = [];
  for (const kv of readKeyValues(v, path, is) ?? []) {
    const problem = envNameProblem(kv.key);
    if (problem) {
      is.report(kv.path, problem);
      continue;
    }
    if (kv.value === null) {
      if (!Object.prototype.hasOwnProperty.call(vars, kv.key)) {
        is.warn(kv.path, "This variable has no value and no app variable of that name; it was left out", "composeWarnings.valuelessVariable");
        continue;
      }
      pairs.push({ ...kv, value: vars[kv.key] });
    } else pairs.push(kv);
  }
  return toRecord(pairs, is, "Environment variable");
}

function validLabels(list: KeyValue[], is: Issues): Record<string, string> {
  return toRecord(
    list.filter((kv) => {
      const problem = labelKeyProblem(kv.key);
      if (problem) is.report(kv.path, problem);
      return problem === undefined;
    }),
    is,
    "Label",
  );
}

function healthcheck(v: unknown, path: string, is: Issues): HealthcheckSpec | undefined {
  if (!isObj(v)) {
    is.error(path, "Expected a mapping", "composeProblems.expectedMapping");
    return undefined;
  }
  checkKeys(v, ["test", "interval", "timeout", "retries", "start_period", "start_interval", "disable"], path, is);
  const h: HealthcheckSpec = {};
  const p = (k: string) => childPath(path, k);
  if (v.disable !== undefined) h.disable = readBool(v.disable, p("disable"), is);
  if (typeof v.test === "string") h.test = ["CMD-SHELL", v.test];
  else if (v.test !== undefined && v.test !== null) {
    const list = readStringList(v.test, p("test"), is);
    if (list && list[0] === "NONE") h.disable = true;
    else if (list && (list[0] === "CMD" || list[0] === "CMD-SHELL") && list.length > 1) h.test = list;
    else if (list) is.error(p("test"), 'test must be a command string or a list starting with "CMD", "CMD-SHELL" or "NONE"', "composeProblems.healthcheckTest");
  }
  if (v.interval !== undefined) h.intervalMs = readDurationMs(v.interval, p("interval"), is);
  if (v.timeout !== undefined) h.timeoutMs = readDurationMs(v.timeout, p("timeout"), is);
  if (v.start_period !== undefined) h.startPeriodMs = readDurationMs(v.start_period, p("start_period"), is);
  if (v.retries !== undefined) h.retries = readInt(v.retries, p("retries"), is, 0, 1000);
  if (v.start_interval !== undefined) is.warn(p("start_interval"), "start_interval is ignored", "composeWarnings.startInterval");
  for (const k of Object.keys(h) as (keyof HealthcheckSpec)[]) if (h[k] === undefined) delete h[k];
  return h;
}

function pattern(v: unknown, path: string, is: Issues, re: RegExp, message: string): string | undefined {
  const s = readString(v, path, is);
  if (s !== undefined && !re.test(s)) {
    is.error(path, message);
    return undefined;
  }
  return s;
}

export type ServiceOptions = { legacyRestart?: boolean };

export function parseService(
  name: string,
  svc: Obj,
  path: string,
  is: Issues,
  vars: Variables,
  opts: ServiceOptions = {},
): { spec: ServiceSpec; refs: ServiceRefs } {
  checkKeys(svc, SERVICE_KEYS, path, is);
  const p = (k: string) => childPath(path, k);
  const refused: Refusal[] = [];
  const refs: ServiceRefs = { volumes: [], links: [], dependsOn: [], networks: [], secrets: [], configs: [], portPaths: [], mountPaths: [] };

  let image = "";
  if (svc.image !== undefined) {
    image = readString(svc.image, p("image"), is) ?? "";
    const problem = imageProblem(image);
    if (problem) is.report(p("image"), problem);
  } else if (svc.build === undefined) {
    is.error(p("image"), "image is required", "composeProblems.imageRequired");
  } // with build: and no image the policy refuses `build`; no second error for the same cause.

  const deploy = parseDeploy(svc, path, is, refused, opts.legacyRestart);
  const mounts: MountResult = { mounts: [], paths: [], volumeRefs: [] };
  parseVolumes(svc.volumes, p("volumes"), is, refused, mounts);
  if (svc.tmpfs !== undefined) parseTmpfs(svc.tmpfs, p("tmpfs"), is, mounts);
  refs.volumes = mounts.volumeRefs;
  refs.mountPaths = mounts.paths;

  const spec: ServiceSpec = {
    name,
    image,
    environment: svc.environment === undefined ? {} : environment(svc.environment, p("environment"), is, vars),
    labels: validLabels(readKeyValues(svc.labels, p("labels"), is) ?? [], is),
    replicas: deploy.replicas,
    ports: parsePorts(svc.ports, p("ports"), is, refused, refs.portPaths),
    mounts: mounts.mounts,
    links: [],
    dependsOn: [],
    resources: deploy.resources,
    restart: deploy.restart,
    update: deploy.update,
    rollback: deploy.rollback,
    mode: deploy.mode,
    endpointMode: deploy.endpointMode,
    placement: deploy.placement,
    pidsLimit: deploy.pidsLimit,
    secrets: [],
    configs: [],
    ...parseSecurity(svc, path, is, refused),
    refused,
  };

  if (svc.command !== undefined) spec.command = command(svc.command, p("command"), is);
  if (svc.entrypoint !== undefined) spec.entrypoint = command(svc.entrypoint, p("entrypoint"), is);
  if (svc.working_dir !== undefined) {
    const dir = readString(svc.working_dir, p("working_dir"), is);
    const problem = dir === undefined ? undefined : containerPathProblem(dir);
    if (problem) is.report(p("working_dir"), problem);
    else spec.workingDir = dir;
  }
  if (svc.user !== undefined) spec.user = pattern(svc.user, p("user"), is, USER, 'user must be "name", "uid", "name:group" or "uid:gid"');
  if (svc.hostname !== undefined) spec.hostname = pattern(svc.hostname, p("hostname"), is, HOSTNAME, "hostname must be a valid DNS name");
  if (svc.healthcheck !== undefined) spec.healthcheck = healthcheck(svc.healthcheck, p("healthcheck"), is);
  if (svc.init !== undefined) spec.init = readBool(svc.init, p("init"), is);
  if (svc.tty !== undefined) spec.tty = readBool(svc.tty, p("tty"), is);
  if (svc.stdin_open !== undefined) spec.stdinOpen = readBool(svc.stdin_open, p("stdin_open"), is);
  if (svc.stop_grace_period !== undefined) spec.stopGracePeriodMs = readDurationMs(svc.stop_grace_period, p("stop_grace_period"), is);
  if (svc.stop_signal !== undefined) spec.stopSignal = parseStopSignal(svc.stop_signal, p("stop_signal"), is);
  if (svc.read_only !== undefined) spec.readOnly = readBool(svc.read_only, p("read_only"), is);
  if (svc.ulimits !== undefined) spec.ulimits = parseUlimits(svc.ulimits, p("ulimits"), is);
  if (svc.dns !== undefined) spec.dns = parseDns(svc.dns, p("dns"), is);
  if (svc.dns_search !== undefined) spec.dnsSearch = parseDnsSearch(svc.dns_search, p("dns_search"), is);
  if (svc.dns_opt !== undefined) spec.dnsOptions = parseDnsOptions(svc.dns_opt, p("dns_opt"), is);
  if (svc.extra_hosts !== undefined) spec.extraHosts = parseExtraHosts(svc.extra_hosts, p("extra_hosts"), is);
  if (svc.logging !== undefined) {
    const lp = p("logging");
    if (!isObj(svc.logging)) is.error(lp, "Expected a mapping with driver and options", "composeProblems.loggingMapping");
    else {
      checkKeys(svc.logging, ["driver", "options"], lp, is);
      spec.logging = parseLogging(svc.logging.driver, svc.logging.options, { driver: childPath(lp, "driver"), options: childPath(lp, "options") }, is, refused);
    }
    if (svc.log_driver !== undefined || svc.log_opt !== undefined)
      is.error(p("log_driver"), "Use either logging or log_driver/log_opt (Compose V1), not both", "composeProblems.loggingOrLogDriver");
  } else if (svc.log_driver !== undefined || svc.log_opt !== undefined) {
    spec.logging = parseLogging(svc.log_driver, svc.log_opt, { driver: p("log_driver"), options: p("log_opt") }, is, refused);
  }
  if (svc.expose !== undefined) {
    checkExpose(svc.expose, p("expose"), is);
    is.warn(p("expose"), "expose is informational: every container port is reachable by the app's other services", "composeWarnings.expose");
  }
  for (const [key, why] of Object.entries(IGNORED_SERVICE_KEYS)) {
    if (svc[key] !== undefined) is.warn(p(key), `${key} is ignored: ${why}`, "composeWarnings.ignoredKey", { key, why: `@composeWarnings.why.${key}` });
  }
  const deployLabels = validLabels(deploy.labels, is);
  if (Object.keys(deployLabels).length > 0) spec.deployLabels = deployLabels;

  if (svc.links !== undefined) {
    const l = parseLinks(svc.links, p("links"), is);
    spec.links = l.links;
    refs.links = l.refs;
  }
  if (svc.depends_on !== undefined) refs.dependsOn = parseDependsOn(svc.depends_on, p("depends_on"), is);
  spec.dependsOn = refs.dependsOn.map((r) => r.name).sort();
  if (svc.networks !== undefined) {
    const n = parseServiceNetworks(svc.networks, p("networks"), is);
    refs.networks = n.refs;
    if (n.aliases.length > 0) spec.networkAliases = n.aliases;
  }
  if (svc.secrets !== undefined) {
    const r = parseSecretRefs(svc.secrets, p("secrets"), "secrets", is);
    refs.secrets = r.refs;
    spec.secrets = r.specs;
  }
  if (svc.configs !== undefined) {
    const r = parseSecretRefs(svc.configs, p("configs"), "configs", is);
    refs.configs = r.refs;
    spec.configs = r.specs;
  }

  for (const k of Object.keys(spec) as (keyof ServiceSpec)[]) if (spec[k] === undefined) delete spec[k];
  return { spec, refs };
}
