// AppSpec → Compose Spec text (`services:` with `deploy:`), such that
// parseCompose(exportCompose(spec), {}) gives back the same spec (warnings aside: keys that were
// ignored with a warning are not in the model, so they are not exported either). Every `$` in a
// value is written as `$$`, or the re-import would interpolate it. Published ports are always
// written explicitly, leased ones included, so an exported app keeps its addresses.
// `refused` entries cannot be expressed (the keys are gone from the model) and are listed in a
// comment instead; a spec that passed the policy has none.

import { stringify } from "yaml";
import type { AppSpec, FileRefSpec, HealthcheckSpec, MountSpec, ServiceSpec, UpdateSpec, VolumeSpec } from "./app-spec";
import { REQUESTED_PORT_KEY } from "./parse-ports";

type Y = Record<string, unknown>;

function bytes(n: number): string | number {
  for (const [unit, size] of [
    ["g", 1024 ** 3],
    ["m", 1024 ** 2],
    ["k", 1024],
  ] as const) {
    if (n > 0 && n % size === 0) return `${n / size}${unit}`;
  }
  return n;
}

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Sets `key` only when the value says something, keeping the output short and readable. */
function put(o: Y, key: string, v: unknown): void {
  if (v === undefined) return;
  if (Array.isArray(v) && v.length === 0) return;
  if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) return;
  o[key] = v;
}

function mount(m: MountSpec): Y {
  const o: Y = { type: m.type };
  if (m.source !== undefined) o.source = m.source;
  o.target = m.target;
  if (m.readOnly) o.read_only = true;
  if (m.noCopy) o.volume = { nocopy: true };
  const tmpfs: Y = {};
  if (m.tmpfsSizeBytes !== undefined) tmpfs.size = bytes(m.tmpfsSizeBytes);
  if (m.tmpfsMode !== undefined) tmpfs.mode = octal(m.tmpfsMode);
  put(o, "tmpfs", tmpfs);
  return o;
}

/** Permission bits as Compose users write them ("0440"), read back as octal. */
function octal(n: number): string {
  return `0${n.toString(8)}`;
}

function fileRef(r: FileRefSpec): Y {
  const o: Y = { source: r.source, target: r.target };
  put(o, "uid", r.uid);
  put(o, "gid", r.gid);
  if (r.mode !== undefined) o.mode = octal(r.mode);
  return o;
}

function updateConfig(u: UpdateSpec): Y {
  const o: Y = {};
  put(o, "parallelism", u.parallelism);
  if (u.delayMs !== undefined) o.delay = duration(u.delayMs);
  put(o, "order", u.order);
  put(o, "failure_action", u.failureAction);
  if (u.monitorMs !== undefined) o.monitor = duration(u.monitorMs);
  put(o, "max_failure_ratio", u.maxFailureRatio);
  return o;
}

function healthcheck(h: HealthcheckSpec): Y {
  const o: Y = {};
  put(o, "disable", h.disable);
  put(o, "test", h.test);
  if (h.intervalMs !== undefined) o.interval = duration(h.intervalMs);
  if (h.timeoutMs !== undefined) o.timeout = duration(h.timeoutMs);
  put(o, "retries", h.retries);
  if (h.startPeriodMs !== undefined) o.start_period = duration(h.startPeriodMs);
  return o;
}

function deploy(s: ServiceSpec): Y {
  const r = s.resources;
  const limits: Y = {};
  if (r.cpus !== undefined) limits.cpus = String(r.cpus);
  if (r.memoryBytes !== undefined) limits.memory = bytes(r.memoryBytes);
  const reservations: Y = {};
  if (r.reservationCpus !== undefined) reservations.cpus = String(r.reservationCpus);
  if (r.reservationMemoryBytes !== undefined) reservations.memory = bytes(r.reservationMemoryBytes);
  put(limits, "pids", s.pidsLimit);
  const resources: Y = {};
  put(resources, "limits", limits);
  put(resources, "reservations", reservations);

  const restart: Y = { condition: s.restart.condition };
  put(restart, "max_attempts", s.restart.maxAttempts);
  if (s.restart.delayMs !== undefined) restart.delay = duration(s.restart.delayMs);
  if (s.restart.windowMs !== undefined) restart.window = duration(s.restart.windowMs);

  const o: Y = {};
  put(o, "mode", s.mode);
  o.replicas = s.replicas;
  put(o, "endpoint_mode", s.endpointMode);
  put(o, "labels", { ...(s.deployLabels ?? {}) });
  put(o, "resources", resources);
  o.restart_policy = restart;
  put(o, "update_config", updateConfig(s.update));
  if (s.rollback) o.rollback_config = updateConfig(s.rollback);
  if (s.placement) {
    const placement: Y = {};
    put(placement, "constraints", s.placement.constraints);
    put(
      placement,
      "preferences",
      s.placement.preferences?.map((spread) => ({ spread })),
    );
    put(placement, "max_replicas_per_node", s.placement.maxReplicasPerNode);
    // An empty list is still a placement the model holds; keep the block so it reads back the same.
    o.placement = placement;
  }
  return o;
}

function service(s: ServiceSpec): Y {
  const o: Y = { image: s.image };
  put(o, "entrypoint", s.entrypoint);
  put(o, "command", s.command);
  // An empty list is meaningful for command/entrypoint ("no arguments"), so keep it.
  if (s.entrypoint?.length === 0) o.entrypoint = [];
  if (s.command?.length === 0) o.command = [];
  put(o, "working_dir", s.workingDir);
  put(o, "user", s.user);
  put(o, "hostname", s.hostname);
  put(o, "environment", { ...s.environment });
  put(o, "labels", { ...s.labels });
  // A remapped port: the leased one is published, the one the file asked for is kept beside it.
  put(
    o,
    "ports",
    s.ports.map((p) => ({
      target: p.target,
      ...(p.published !== undefined ? { published: p.published } : {}),
      protocol: p.protocol,
      ...(p.requested !== undefined && p.published !== undefined ? { [REQUESTED_PORT_KEY]: p.requested } : {}),
    })),
  );
  put(o, "volumes", s.mounts.map(mount));
  put(
    o,
    "links",
    s.links.map((l) => (l.alias === l.service ? l.service : `${l.service}:${l.alias}`)),
  );
  put(o, "depends_on", s.dependsOn);
  if (s.healthcheck) o.healthcheck = healthcheck(s.healthcheck);
  put(o, "init", s.init);
  put(o, "tty", s.tty);
  put(o, "stdin_open", s.stdinOpen);
  if (s.stopGracePeriodMs !== undefined) o.stop_grace_period = duration(s.stopGracePeriodMs);
  put(o, "stop_signal", s.stopSignal);
  put(o, "read_only", s.readOnly);
  if (s.ulimits) {
    const u: Y = {};
    for (const l of s.ulimits) setKey(u, l.name, { soft: l.soft, hard: l.hard });
    o.ulimits = u;
  }
  if (s.dns) o.dns = [...s.dns];
  if (s.dnsSearch) o.dns_search = [...s.dnsSearch];
  if (s.dnsOptions) o.dns_opt = [...s.dnsOptions];
  if (s.extraHosts) o.extra_hosts = s.extraHosts.map((h) => `${h.host}=${h.ip}`);
  if (s.logging) {
    const l: Y = { driver: s.logging.driver };
    put(l, "options", { ...s.logging.options });
    o.logging = l;
  }
  if (s.networkAliases) o.networks = { default: { aliases: [...s.networkAliases] } };
  put(o, "secrets", (s.secrets ?? []).map(fileRef));
  put(o, "configs", (s.configs ?? []).map(fileRef));
  // Security-relevant settings are exported as they are, so an export never hides what the
  // policy would judge on the way back in.
  if (s.privileged) o.privileged = true;
  put(o, "cap_add", s.capAdd);
  put(o, "cap_drop", s.capDrop);
  put(o, "devices", s.devices);
  put(o, "network_mode", s.networkMode);
  put(o, "pid", s.pid);
  put(o, "ipc", s.ipc);
  put(o, "userns_mode", s.usernsMode);
  put(o, "cgroup", s.cgroupns);
  put(o, "security_opt", s.securityOpt);
  put(o, "sysctls", { ...s.sysctls });
  o.deploy = deploy(s);
  return o;
}

function volume(v: VolumeSpec): Y {
  const o: Y = {};
  put(o, "driver", v.driver);
  put(o, "driver_opts", { ...v.driverOpts });
  return o;
}

/** defineProperty: a (malformed) name like `__proto__` must stay a key, not replace the prototype. */
function setKey(o: Y, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Doubles every `$` in string values (not keys: keys are never interpolated). */
function escapeDollars(v: unknown): unknown {
  if (typeof v === "string") return v.split("$").join("$$"); // not replaceAll: "$$" is special in replacement strings
  if (Array.isArray(v)) return v.map(escapeDollars);
  if (v !== null && typeof v === "object") {
    const out: Y = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, escapeDollars(x));
    return out;
  }
  return v;
}

export function exportCompose(spec: AppSpec): string {
  const services: Y = {};
  for (const s of [...spec.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) setKey(services, s.name, service(s));
  const doc: Y = { services };
  if (spec.volumes.length > 0) {
    const volumes: Y = {};
    for (const v of spec.volumes) setKey(volumes, v.name, volume(v));
    doc.volumes = volumes;
  }
  // Portal secrets and configs: references only, never values.
  for (const kind of ["secrets", "configs"] as const) {
    const list = spec[kind] ?? [];
    if (list.length === 0) continue;
    const section: Y = {};
    for (const x of list) setKey(section, x.name, x.externalName === x.name ? { external: true } : { name: x.externalName, external: true });
    doc[kind] = section;
  }
  const omitted = [...spec.refused, ...spec.services.flatMap((s) => s.refused)].map((r) => r.path);
  const header = omitted.length > 0 ? `# Not exported (refused by the platform policy): ${omitted.join(", ").replace(/[\r\n]/g, " ")}\n` : "";
  return header + stringify(escapeDollars(doc), { lineWidth: 0, aliasDuplicateObjects: false });
}
