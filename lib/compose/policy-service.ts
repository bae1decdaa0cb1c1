// The per-service rules of the policy (Kubernetes "baseline" Pod Security Standard, adapted to
// Swarm). Each rule returns every violation with the compose key path and what to do instead.

import type { ServiceSpec } from "./app-spec";
import type { ErrorDetail } from "@/lib/errors";
import { childPath } from "./issues";
import { checkBindSource } from "./policy-host-paths";

/** Capabilities a container may add: the Kubernetes baseline set (Docker's defaults). */
export const BASELINE_CAPABILITIES = [
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
  "SYS_CHROOT",
];

const RESERVED_LABEL = /^(caas\.|com\.docker\.)/i;
/** `no-new-privileges` only makes a container safer; everything else in security_opt loosens it. */
const ALLOWED_SECURITY_OPT = /^no-new-privileges(?:[:=]true)?$/;
/** Namespace values that stay private to the container. */
const PRIVATE_IPC = ["private", "shareable", "none"];
const PRIVATE_CGROUPNS = ["private"];

type Rule = (s: ServiceSpec, base: string, bindAllowList: string[]) => ErrorDetail[];

export function normalizeCapability(c: string): string {
  const upper = c.trim().toUpperCase();
  return upper.startsWith("CAP_") ? upper.slice(4) : upper;
}

const privileged: Rule = (s, base) =>
  s.privileged ? [{ rule: "privileged", path: childPath(base, "privileged"), message: "Privileged containers are root on the host; remove privileged: true" }] : [];

const capabilities: Rule = (s, base) =>
  s.capAdd.flatMap((c, i) => {
    const cap = normalizeCapability(c);
    if (BASELINE_CAPABILITIES.includes(cap)) return [];
    const what = cap === "ALL" ? "Adding ALL capabilities" : `Capability ${cap.slice(0, 40)}`;
    return [{ rule: "capabilities", path: childPath(childPath(base, "cap_add"), i), message: `${what} is not allowed; allowed: ${BASELINE_CAPABILITIES.join(", ")}` }];
  });

const devices: Rule = (s, base) =>
  s.devices.map((_, i) => ({ rule: "devices", path: childPath(childPath(base, "devices"), i), message: "Host devices cannot be passed to containers; remove devices:" }));

const hostNamespaces: Rule = (s, base) => {
  const out: ErrorDetail[] = [];
  const refuse = (key: string, message: string) => out.push({ rule: "host-namespaces", path: childPath(base, key), message });
  if (s.networkMode !== undefined) refuse("network_mode", "network_mode is not allowed: every service joins the app's own network; remove it");
  if (s.pid !== undefined) refuse("pid", "Sharing a process namespace (pid:) is not allowed; remove it");
  if (s.ipc !== undefined && !PRIVATE_IPC.includes(s.ipc)) refuse("ipc", 'Sharing the IPC namespace is not allowed; remove ipc: or use "private"');
  if (s.usernsMode !== undefined) refuse("userns_mode", "userns_mode is not allowed; remove it");
  if (s.cgroupns !== undefined && !PRIVATE_CGROUPNS.includes(s.cgroupns)) refuse("cgroup", 'Sharing the host cgroup namespace is not allowed; remove cgroup: or use "private"');
  return out;
};

const securityOpt: Rule = (s, base) =>
  s.securityOpt.flatMap((o, i) =>
    ALLOWED_SECURITY_OPT.test(o.trim())
      ? []
      : [{ rule: "security-opt", path: childPath(childPath(base, "security_opt"), i), message: "Only no-new-privileges is allowed in security_opt; unconfined profiles and label:disable are refused" }],
  );

const sysctls: Rule = (s, base) =>
  Object.keys(s.sysctls).map((k) => ({ rule: "sysctls", path: childPath(childPath(base, "sysctls"), k), message: "Kernel parameters (sysctls) cannot be changed by apps; remove sysctls:" }));

const bindMounts: Rule = (s, base, allowList) =>
  s.mounts.flatMap((m, i) => (m.type === "bind" ? checkBindSource(m.source, childPath(childPath(base, "volumes"), i), allowList) : []));

const reservedLabels: Rule = (s, base) =>
  Object.keys(s.labels)
    .filter((k) => RESERVED_LABEL.test(k))
    .map((k) => ({ rule: "reserved-label", path: childPath(childPath(base, "labels"), k), message: "Labels starting with caas. or com.docker. are reserved for the platform; rename the label" }));

const resourceLimits: Rule = (s, base) => {
  const r = s.resources;
  const ok = (n: number | undefined) => n !== undefined && Number.isFinite(n) && n > 0;
  if (ok(r.cpus) && ok(r.memoryBytes)) return [];
  return [{
    rule: "resource-limits",
    path: childPath(childPath(childPath(base, "deploy"), "resources"), "limits"),
    message: "CPU and memory limits are required; set deploy.resources.limits (the environment's defaults are applied before this check)",
  }];
};

const refused: Rule = (s) => s.refused.map((r) => ({ rule: r.rule, path: r.path, message: r.message }));

export const SERVICE_RULES: Rule[] = [
  privileged, capabilities, devices, hostNamespaces, securityOpt, sysctls, bindMounts, reservedLabels, resourceLimits, refused,
];
