// Security-relevant service keys. The parser does not judge them: it copies them into the model
// (or into `refused` with their key path) so that the one policy validator refuses them, whichever
// path (upload, edit form, template, rollback) produced the model.

import type { ServiceSpec } from "./app-spec";
import { CAPABILITY, SYSCTL_KEY, hasControlChars } from "./names";
import { childPath, type Issues, type Refusal } from "./issues";
import { checkKeys, isObj, readBool, readKeyValues, readString, readStringList, toRecord, type Obj } from "./values";

type SecurityFields = Pick<
  ServiceSpec,
  "privileged" | "capAdd" | "capDrop" | "devices" | "networkMode" | "pid" | "ipc" | "usernsMode" | "cgroupns" | "securityOpt" | "sysctls"
>;

/** Keys whose mere presence is refused, with the rule and what to do instead. */
/** (Each key's catalog message is `composeRules.refused.<key>`.) */
const REFUSED_KEYS: Record<string, { rule: string; message: string }> = {
  build: { rule: "build", message: "build: is not supported; build and push the image to the registry, then set image:" },
  dockerfile: { rule: "build", message: "dockerfile: (Compose V1 build) is not supported; build and push the image to the registry, then set image:" },
  env_file: {
    rule: "file-reference",
    message: "env_file: would read files on the portal's machine; put the variables under environment: or into the app's variables",
  },
  label_file: { rule: "file-reference", message: "label_file: would read files on the portal's machine; write the labels under labels:" },
  volumes_from: { rule: "volumes-from", message: "volumes_from: mounts another container's volumes; declare a named volume and mount it in both services" },
  external_links: { rule: "external-links", message: "external_links: reaches containers outside this app; remove it" },
  cgroup_parent: { rule: "cgroup-parent", message: "cgroup_parent: would place the container outside the platform's resource control; remove it" },
  runtime: { rule: "runtime", message: "runtime: would run the container with another OCI runtime of the host; remove it" },
  device_cgroup_rules: { rule: "devices", message: "device_cgroup_rules: would give the container access to host devices; remove it" },
  gpus: { rule: "devices", message: "gpus: would pass host GPUs to the container; remove it" },
  storage_opt: { rule: "storage-opt", message: "storage_opt: changes the host's storage driver settings for the container; remove it" },
  volume_driver: {
    rule: "volume-driver",
    message: "volume_driver: would mount volumes through a host volume plugin; remove it to use the platform's local volumes",
  },
};

export const SECURITY_KEYS = [
  "privileged",
  "cap_add",
  "cap_drop",
  "devices",
  "network_mode",
  "net",
  "pid",
  "ipc",
  "uts",
  "userns_mode",
  "cgroup",
  "cgroupns",
  "security_opt",
  "sysctls",
  "isolation",
  "oom_kill_disable",
  "blkio_config",
  "use_api_socket",
  ...Object.keys(REFUSED_KEYS),
];

export function text(v: unknown, path: string, is: Issues): string | undefined {
  const s = readString(v, path, is);
  if (s !== undefined && hasControlChars(s)) {
    is.error(path, "Must not contain line breaks or control characters", "composeProblems.controlChars");
    return undefined;
  }
  return s;
}

export function textList(v: unknown, path: string, is: Issues): string[] {
  const list = readStringList(v, path, is) ?? [];
  return list.filter((s, i) => {
    if (!hasControlChars(s)) return true;
    is.error(childPath(path, i), "Must not contain line breaks or control characters", "composeProblems.controlChars");
    return false;
  });
}

function capabilities(v: unknown, path: string, is: Issues): string[] {
  return textList(v, path, is).filter((c, i) => {
    if (CAPABILITY.test(c)) return true;
    is.error(childPath(path, i), 'Capability names contain only letters and "_" (e.g. NET_BIND_SERVICE)', "composeProblems.capabilityName");
    return false;
  });
}

function devices(v: unknown, path: string, is: Issues): string[] {
  if (!Array.isArray(v)) {
    is.error(path, "devices must be a list", "composeProblems.devicesList");
    return [];
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const p = childPath(path, i);
    if (isObj(item)) {
      // The long form is flattened to the short one: the policy refuses any device either way.
      const parts = ["source", "target", "permissions"].map((k) => (item[k] === undefined ? "" : (text(item[k], childPath(p, k), is) ?? "")));
      out.push(parts.filter((x) => x !== "").join(":"));
    } else {
      const s = text(item, p, is);
      if (s !== undefined) out.push(s);
    }
  });
  return out;
}

/** Block IO weights are ignored (no Swarm field); per-device throttles name host devices and are refused. */
function blkio(v: unknown, path: string, is: Issues, refused: Refusal[]): void {
  if (!isObj(v)) {
    is.error(path, "Expected a mapping", "composeProblems.expectedMapping");
    return;
  }
  checkKeys(v, ["weight", "weight_device", "device_read_bps", "device_write_bps", "device_read_iops", "device_write_iops"], path, is);
  for (const k of Object.keys(v)) {
    if (k === "weight") is.warn(childPath(path, k), "blkio_config.weight is ignored; a Swarm service has no block IO weight", "composeWarnings.blkioWeight");
    else
      refused.push({
        path: childPath(path, k),
        rule: "devices",
        message: `blkio_config.${k} names host block devices; remove it`,
        key: "composeRules.blkio",
        params: { key: k },
      });
  }
}

export function parseSecurity(svc: Obj, path: string, is: Issues, refused: Refusal[]): SecurityFields {
  const out: SecurityFields = { privileged: false, capAdd: [], capDrop: [], devices: [], securityOpt: [], sysctls: {} };
  const p = (k: string) => childPath(path, k);

  for (const [key, r] of Object.entries(REFUSED_KEYS)) {
    if (svc[key] !== undefined) refused.push({ path: p(key), rule: r.rule, message: r.message, key: `composeRules.refused.${key}` });
  }
  if (svc.privileged !== undefined) out.privileged = readBool(svc.privileged, p("privileged"), is) ?? false;
  if (svc.cap_add !== undefined) out.capAdd = capabilities(svc.cap_add, p("cap_add"), is);
  if (svc.cap_drop !== undefined) out.capDrop = capabilities(svc.cap_drop, p("cap_drop"), is);
  if (svc.devices !== undefined) out.devices = devices(svc.devices, p("devices"), is);
  if (svc.security_opt !== undefined) out.securityOpt = textList(svc.security_opt, p("security_opt"), is);

  if (svc.net !== undefined && svc.network_mode !== undefined)
    is.error(p("net"), "Use either net (V1) or network_mode, not both", "composeProblems.netOrNetworkMode");
  const netKey = svc.network_mode !== undefined ? "network_mode" : svc.net !== undefined ? "net" : undefined;
  if (netKey) {
    const mode = text(svc[netKey], p(netKey), is);
    // The default bridge is what every service gets anyway (here: the app's own network).
    if (mode === "bridge" || mode === "default")
      is.warn(p(netKey), `${netKey}: ${mode} is ignored; every service joins the app's own network`, "composeWarnings.networkMode", {
        key: netKey,
        mode,
      });
    else out.networkMode = mode;
  }
  if (svc.uts !== undefined && text(svc.uts, p("uts"), is) !== undefined) {
    refused.push({
      path: p("uts"),
      rule: "host-namespaces",
      message: "Sharing the host's UTS namespace (uts:) is not allowed; remove it",
      key: "composeRules.uts",
    });
  }
  if (svc.isolation !== undefined) {
    const iso = text(svc.isolation, p("isolation"), is);
    if (iso === "default") is.warn(p("isolation"), "isolation: default is what every container gets; it is ignored", "composeWarnings.isolationDefault");
    else if (iso !== undefined)
      refused.push({
        path: p("isolation"),
        rule: "isolation",
        key: "composeRules.isolation",
        message: "isolation: other than default changes how the host isolates the container; remove it",
      });
  }
  if (svc.oom_kill_disable !== undefined) {
    const off = readBool(svc.oom_kill_disable, p("oom_kill_disable"), is);
    if (off)
      refused.push({
        path: p("oom_kill_disable"),
        rule: "oom-kill-disable",
        key: "composeRules.oomKillDisable",
        message: "oom_kill_disable: true would let the container exhaust the host's memory; remove it",
      });
    else if (off === false) is.warn(p("oom_kill_disable"), "oom_kill_disable: false is the default; it is ignored", "composeWarnings.oomKillDefault");
  }
  if (svc.use_api_socket !== undefined && readBool(svc.use_api_socket, p("use_api_socket"), is)) {
    refused.push({
      path: p("use_api_socket"),
      rule: "docker-socket",
      key: "composeRules.useApiSocket",
      message: "use_api_socket: true would give the container control of the engine; remove it",
    });
  }
  if (svc.blkio_config !== undefined) blkio(svc.blkio_config, p("blkio_config"), is, refused);
  if (svc.pid !== undefined) out.pid = text(svc.pid, p("pid"), is);
  if (svc.ipc !== undefined) out.ipc = text(svc.ipc, p("ipc"), is);
  if (svc.userns_mode !== undefined) out.usernsMode = text(svc.userns_mode, p("userns_mode"), is);
  if (svc.cgroup !== undefined && svc.cgroupns !== undefined)
    is.error(p("cgroupns"), "Use either cgroup or cgroupns, not both", "composeProblems.cgroupOrCgroupns");
  const cgKey = svc.cgroup !== undefined ? "cgroup" : svc.cgroupns !== undefined ? "cgroupns" : undefined;
  if (cgKey) out.cgroupns = text(svc[cgKey], p(cgKey), is);

  if (svc.sysctls !== undefined) {
    const pairs = (readKeyValues(svc.sysctls, p("sysctls"), is) ?? []).filter((kv) => {
      if (SYSCTL_KEY.test(kv.key)) return true;
      is.error(kv.path, "sysctl names contain only letters, digits, '.', '_', '/' and '-'", "composeProblems.sysctlName");
      return false;
    });
    out.sysctls = toRecord(pairs, is, "sysctl");
  }

  for (const k of Object.keys(out) as (keyof SecurityFields)[]) if (out[k] === undefined) delete out[k];
  return out;
}
