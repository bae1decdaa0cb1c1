// The per-service rules of the policy (Kubernetes "baseline" Pod Security Standard, adapted to
// Swarm). Each rule returns every violation with the compose key path and what to do instead.

import type { ServiceSpec } from "./app-spec";
import { problem, type ErrorDetail } from "@/lib/errors";
import { childPath, refusalDetail } from "./issues";
import { checkBindSource } from "./policy-host-paths";
import { LIMIT_MESSAGES, MIN_CPUS, cpusWithin, formatBytes, memoryWithin, replicasWithin } from "./limits";
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
    ? [
        problem(
          childPath(base, "privileged"),
          "composeRules.privileged",
          undefined,
          "Privileged containers are root on the host; remove privileged: true",
          "privileged",
        ),
      ]
    : [];

const capabilities: Rule = (s, base) =>
  s.capAdd.flatMap((c, i) => {
    const cap = normalizeCapability(c);
    if (BASELINE_CAPABILITIES.includes(cap)) return [];
    const path = childPath(childPath(base, "cap_add"), i);
    const allowed = BASELINE_CAPABILITIES.join(", ");
    return [
      cap === "ALL"
        ? problem(path, "composeRules.allCapabilities", { allowed }, `Adding ALL capabilities is not allowed; allowed: ${allowed}`, "capabilities")
        : problem(
            path,
            "composeRules.capability",
            { capability: cap.slice(0, 40), allowed },
            `Capability ${cap.slice(0, 40)} is not allowed; allowed: ${allowed}`,
            "capabilities",
          ),
    ];
  });

const devices: Rule = (s, base) =>
  s.devices.map((_, i) =>
    problem(
      childPath(childPath(base, "devices"), i),
      "composeRules.devices",
      undefined,
      "Host devices cannot be passed to containers; remove devices:",
      "devices",
    ),
  );

// One source of truth with the swarm driver: a setting is accepted only if build-service-spec.ts
// builds it. A swarm service (Engine API 1.41, the version the portal speaks) has no field for an
// IPC or cgroup namespace mode, nor for security options (ContainerSpec.Privileges has only
// CredentialSpec and SELinuxContext there), so even the harmless values are refused by name
// instead of being accepted here and dropped, or refused, at deploy time.
const hostNamespaces: Rule = (s, base) => {
  const out: ErrorDetail[] = [];
  const at = (key: string) => childPath(base, key);
  if (s.networkMode !== undefined)
    out.push(
      problem(
        at("network_mode"),
        "composeRules.networkMode",
        undefined,
        "network_mode is not allowed: every service joins the app's own network; remove it",
        "host-namespaces",
      ),
    );
  if (s.pid !== undefined)
    out.push(problem(at("pid"), "composeRules.pid", undefined, "Sharing a process namespace (pid:) is not allowed; remove it", "host-namespaces"));
  if (s.ipc !== undefined) {
    if (SHARED_NAMESPACE.test(s.ipc))
      out.push(problem(at("ipc"), "composeRules.ipcShared", undefined, "Sharing the IPC namespace is not allowed; remove ipc:", "host-namespaces"));
    else
      out.push(
        problem(
          at("ipc"),
          "composeRules.ipcUnsupported",
          undefined,
          "ipc: cannot be set on a swarm service; every container already has its own private IPC namespace, so remove ipc:",
          "unsupported",
        ),
      );
  }
  if (s.usernsMode !== undefined)
    out.push(problem(at("userns_mode"), "composeRules.usernsMode", undefined, "userns_mode is not allowed; remove it", "host-namespaces"));
  if (s.cgroupns !== undefined) {
    if (SHARED_NAMESPACE.test(s.cgroupns))
      out.push(
        problem(at("cgroup"), "composeRules.cgroupShared", undefined, "Sharing the host cgroup namespace is not allowed; remove cgroup:", "host-namespaces"),
      );
    else
      out.push(
        problem(
          at("cgroup"),
          "composeRules.cgroupUnsupported",
          undefined,
          "cgroup: cannot be set on a swarm service; the engine's default applies, so remove cgroup:",
          "unsupported",
        ),
      );
  }
  return out;
};

const securityOpt: Rule = (s, base) =>
  s.securityOpt.map((o, i) =>
    NO_NEW_PRIVILEGES.test(o.trim())
      ? problem(
          childPath(childPath(base, "security_opt"), i),
          "composeRules.noNewPrivileges",
          undefined,
          "no-new-privileges cannot be applied to a swarm service by this platform (its engine API has no such setting); remove it from security_opt",
          "security-opt",
        )
      : problem(
          childPath(childPath(base, "security_opt"), i),
          "composeRules.securityOpt",
          undefined,
          "security_opt is not allowed: unconfined profiles and label:disable loosen the container's isolation; remove it",
          "security-opt",
        ),
  );

const sysctls: Rule = (s, base) =>
  Object.keys(s.sysctls).map((k) =>
    problem(
      childPath(childPath(base, "sysctls"), k),
      "composeRules.sysctls",
      undefined,
      "Kernel parameters (sysctls) cannot be changed by apps; remove sysctls:",
      "sysctls",
    ),
  );

const bindMounts: Rule = (s, base, ctx) =>
  s.mounts.flatMap((m, i) => (m.type === "bind" ? checkBindSource(m.source, childPath(childPath(base, "volumes"), i), ctx.bindAllowList) : []));

const reservedLabels: Rule = (s, base) => {
  const keys: [string, string][] = [
    ...Object.keys(s.labels).map((k): [string, string] => [k, childPath(childPath(base, "labels"), k)]),
    ...Object.keys(s.deployLabels ?? {}).map((k): [string, string] => [k, childPath(childPath(childPath(base, "deploy"), "labels"), k)]),
  ];
  return keys
    .filter(([k]) => RESERVED_LABEL.test(k))
    .map(([, path]) =>
      problem(
        path,
        "composeRules.reservedLabel",
        undefined,
        "Labels starting with caas. or com.docker. are reserved for the platform; rename the label",
        "reserved-label",
      ),
    );
};

/** Drivers that keep logs on the node (where the portal reads them); any other ships them away. */
export const LOCAL_LOG_DRIVERS = ["json-file", "local", "none"];

const logging: Rule = (s, base) =>
  s.logging && !LOCAL_LOG_DRIVERS.includes(s.logging.driver)
    ? [
        problem(
          childPath(childPath(base, "logging"), "driver"),
          "composeRules.logDriver",
          { driver: s.logging.driver.slice(0, 40) },
          `Log driver "${s.logging.driver.slice(0, 40)}" would ship logs from the platform's machines; use json-file or local`,
          "logging",
        ),
      ]
    : [];

const resourceLimits: Rule = (s, base) => {
  const r = s.resources;
  const ok = (n: number | undefined) => n !== undefined && Number.isFinite(n) && n > 0;
  if (ok(r.cpus) && ok(r.memoryBytes)) return [];
  return [
    problem(
      childPath(childPath(childPath(base, "deploy"), "resources"), "limits"),
      "composeRules.resourceLimits",
      undefined,
      "CPU and memory limits are required; set deploy.resources.limits (the environment's defaults are applied before this check)",
      "resource-limits",
    ),
  ];
};

/** The environment's bounds (limits.ts), also for models that did not come from the parser. */
const resourceBounds: Rule = (s, base, ctx) => {
  const out: ErrorDetail[] = [];
  const l = ctx.limits;
  const deploy = childPath(base, "deploy");
  if (Number.isInteger(s.replicas) && s.replicas >= 0 && !replicasWithin(s.replicas, l)) {
    out.push(
      problem(
        childPath(deploy, "replicas"),
        "composeErrors.limits.replicas",
        { max: l.maxReplicas },
        LIMIT_MESSAGES.replicas(l.maxReplicas),
        "resource-bounds",
      ),
    );
  }
  const r = s.resources;
  const at = (group: string, key: string) => childPath(childPath(childPath(deploy, "resources"), group), key);
  const cpus: [number | undefined, string][] = [
    [r.cpus, at("limits", "cpus")],
    [r.reservationCpus, at("reservations", "cpus")],
  ];
  for (const [n, path] of cpus)
    if (n !== undefined && !cpusWithin(n, l))
      out.push(problem(path, "composeErrors.limits.cpus", { min: MIN_CPUS, max: l.maxCpus }, LIMIT_MESSAGES.cpus(l.maxCpus), "resource-bounds"));
  const mem: [number | undefined, string][] = [
    [r.memoryBytes, at("limits", "memory")],
    [r.reservationMemoryBytes, at("reservations", "memory")],
  ];
  for (const [n, path] of mem)
    if (n !== undefined && !memoryWithin(n, l))
      out.push(
        problem(path, "composeErrors.limits.memory", { max: formatBytes(l.maxMemoryBytes) }, LIMIT_MESSAGES.memory(l.maxMemoryBytes), "resource-bounds"),
      );
  return out;
};

const refused: Rule = (s) => s.refused.map(refusalDetail);

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
