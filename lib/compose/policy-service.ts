// The per-service rules of the policy (Kubernetes "baseline" Pod Security Standard, adapted to
// Swarm). Each rule returns every violation with the compose key path and what to do instead.

import type { ServiceSpec } from "./app-spec";
import type { ErrorDetail } from "@/lib/errors";
import { childPath } from "./issues";
import { checkBindSource } from "./policy-host-paths";
import { LIMIT_MESSAGES, cpusWithin, memoryWithin, replicasWithin } from "./limits";
import type { PolicyContext } from "./policy";

/** Capabilities a container may add: the Kubernetes baseline set (Docker's defaults). */
export const BASELINE_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];

const RESERVED_LABEL = /^(caas\.|com\.docker\.)/i;
/** `no-new-privileges` would only make a container safer, but see securityOpt below. */
const NO_NEW_PRIVILEGES = /^no-new-privileges(?:[:=]true)?$/;
/** Values that would share a namespace with the host or with another container. */
const SHARED_NAMESPACE = /^(host|container:|service:)/;

type Rule = (s: ServiceSpec, base: string, ctx: PolicyContext) => ErrorDetail[];

export function normalizeCapability(c: string): string {
  const upper = c.trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper.slice(4) : upper;
}

const privileged: Rule = (s, base) =>
  s.privileged
    ? [{ rule: "privileged", path: childPath(base, "privileged"), message: "Privileged containers are root on the host; remove privileged: true" }]
    : [];

const capabilities: Rule = (s, base) =>
  s.capAdd.flatMap((c, i) => {
    const cap = normalizeCapability(c);
    if (BASELINE_CAPABILITIES.includes(cap)) return [];
    const what = cap === "ALL" ? "Adding ALL capabilities" : `Capability ${cap.slice(0, 40)}`;
    return [
      { rule: "capabilities", path: childPath(childPath(base, "cap_add"), i), message: `${what} is not allowed; allowed: ${BASELINE_CAPABILITIES.join(", ")}` },
    ];
  });

const devices: Rule = (s, base) =>
  s.devices.map((_, i) => ({
    rule: "devices",
    path: childPath(childPath(base, "devices"), i),
    message: "Host devices cannot be passed to containers; remove devices:",
  }));

// One source of truth with the swarm driver: a setting is accepted only if build-service-spec.ts
// builds it. A swarm service (Engine API 1.41, the version the portal speaks) has no field for an
// IPC or cgroup namespace mode, nor for security options (ContainerSpec.Privileges has only
// CredentialSpec and SELinuxContext there), so even the harmless values are refused by name
// instead of being accepted here and dropped, or refused, at deploy time.
const hostNamespaces: Rule = (s, base) => {
  const out: ErrorDetail[] = [];
  const refuse = (key: string, message: string, rule = "host-namespaces") => out.push({ rule, path: childPath(base, key), message });
  if (s.networkMode !== undefined) refuse("network_mode", "network_mode is not allowed: every service joins the app's own network; remove it");
  if (s.pid !== undefined) refuse("pid", "Sharing a process namespace (pid:) is not allowed; remove it");
  if (s.ipc !== undefined) {
    if (SHARED_NAMESPACE.test(s.ipc)) refuse("ipc", "Sharing the IPC namespace is not allowed; remove ipc:");
    else refuse("ipc", "ipc: cannot be set on a swarm service; every container already has its own private IPC namespace, so remove ipc:", "unsupported");
  }
  if (s.usernsMode !== undefined) refuse("userns_mode", "userns_mode is not allowed; remove it");
  if (s.cgroupns !== undefined) {
    if (SHARED_NAMESPACE.test(s.cgroupns)) refuse("cgroup", "Sharing the host cgroup namespace is not allowed; remove cgroup:");
    else refuse("cgroup", "cgroup: cannot be set on a swarm service; the engine's default applies, so remove cgroup:", "unsupported");
  }
  return out;
};

const securityOpt: Rule = (s, base) =>
  s.securityOpt.map((o, i) => ({
    rule: "security-opt",
    path: childPath(childPath(base, "security_opt"), i),
    message: NO_NEW_PRIVILEGES.test(o.trim())
      ? "no-new-privileges cannot be applied to a swarm service by this platform (its engine API has no such setting); remove it from security_opt"
      : "security_opt is not allowed: unconfined profiles and label:disable loosen the container's isolation; remove it",
  }));

const sysctls: Rule = (s, base) =>
  Object.keys(s.sysctls).map((k) => ({
    rule: "sysctls",
    path: childPath(childPath(base, "sysctls"), k),
    message: "Kernel parameters (sysctls) cannot be changed by apps; remove sysctls:",
  }));

const bindMounts: Rule = (s, base, ctx) =>
  s.mounts.flatMap((m, i) => (m.type === "bind" ? checkBindSource(m.source, childPath(childPath(base, "volumes"), i), ctx.bindAllowList) : []));

const reservedLabels: Rule = (s, base) => {
  const keys: [string, string][] = [
    ...Object.keys(s.labels).map((k): [string, string] => [k, childPath(childPath(base, "labels"), k)]),
    ...Object.keys(s.deployLabels ?? {}).map((k): [string, string] => [k, childPath(childPath(childPath(base, "deploy"), "labels"), k)]),
  ];
  return keys
    .filter(([k]) => RESERVED_LABEL.test(k))
    .map(([, path]) => ({
      rule: "reserved-label",
      path,
      message: "Labels starting with caas. or com.docker. are reserved for the platform; rename the label",
    }));
};

/** Drivers that keep logs on the node (where the portal reads them); any other ships them away. */
export const LOCAL_LOG_DRIVERS = ["json-file", "local", "none"];

const logging: Rule = (s, base) =>
  s.logging && !LOCAL_LOG_DRIVERS.includes(s.logging.driver)
    ? [
        {
          rule: "logging",
          path: childPath(childPath(base, "logging"), "driver"),
          message: `Log driver "${s.logging.driver.slice(0, 40)}" would ship logs from the platform's machines; use json-file or local`,
        },
      ]
    : [];

const resourceLimits: Rule = (s, base) => {
  const r = s.resources;
  const ok = (n: number | undefined) => n !== undefined && Number.isFinite(n) && n > 0;
  if (ok(r.cpus) && ok(r.memoryBytes)) return [];
  return [
    {
      rule: "resource-limits",
      path: childPath(childPath(childPath(base, "deploy"), "resources"), "limits"),
      message: "CPU and memory limits are required; set deploy.resources.limits (the environment's defaults are applied before this check)",
    },
  ];
};

/** The environment's bounds (limits.ts), also for models that did not come from the parser. */
const resourceBounds: Rule = (s, base, ctx) => {
  const out: ErrorDetail[] = [];
  const l = ctx.limits;
  const deploy = childPath(base, "deploy");
  if (Number.isInteger(s.replicas) && s.replicas >= 0 && !replicasWithin(s.replicas, l)) {
    out.push({ rule: "resource-bounds", path: childPath(deploy, "replicas"), message: LIMIT_MESSAGES.replicas(l.maxReplicas) });
  }
  const r = s.resources;
  const at = (group: string, key: string) => childPath(childPath(childPath(deploy, "resources"), group), key);
  const cpus: [number | undefined, string][] = [
    [r.cpus, at("limits", "cpus")],
    [r.reservationCpus, at("reservations", "cpus")],
  ];
  for (const [n, path] of cpus) if (n !== undefined && !cpusWithin(n, l)) out.push({ rule: "resource-bounds", path, message: LIMIT_MESSAGES.cpus(l.maxCpus) });
  const mem: [number | undefined, string][] = [
    [r.memoryBytes, at("limits", "memory")],
    [r.reservationMemoryBytes, at("reservations", "memory")],
  ];
  for (const [n, path] of mem)
    if (n !== undefined && !memoryWithin(n, l)) out.push({ rule: "resource-bounds", path, message: LIMIT_MESSAGES.memory(l.maxMemoryBytes) });
  return out;
};

const refused: Rule = (s) => s.refused.map((r) => ({ rule: r.rule, path: r.path, message: r.message }));

export const SERVICE_RULES: Rule[] = [
  privileged,
  capabilities,
  devices,
  hostNamespaces,
  securityOpt,
  sysctls,
  bindMounts,
  reservedLabels,
  logging,
  resourceLimits,
  resourceBounds,
  refused,
];
