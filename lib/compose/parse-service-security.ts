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

export const SECURITY_KEYS = [
  "privileged", "cap_add", "cap_drop", "devices", "network_mode", "net", "pid", "ipc", "userns_mode", "cgroup", "cgroupns",
  "cgroup_parent", "security_opt", "sysctls", "build", "env_file", "volumes_from", "external_links", "logging",
] as const;

/** Keys whose mere presence is refused, with the rule and what to do instead. */
const REFUSED_KEYS: Record<string, { rule: string; message: string }> = {
  build: { rule: "build", message: "build: is not supported; build and push the image to the registry, then set image:" },
  env_file: {
    rule: "file-reference",
    message: "env_file: would read files on the portal's machine; put the variables under environment: or into the app's variables",
  },
  volumes_from: { rule: "volumes-from", message: "volumes_from: is not supported; declare a named volume and mount it in both services" },
  external_links: { rule: "external-links", message: "external_links: reaches containers outside this app; remove it" },
  cgroup_parent: { rule: "cgroup-parent", message: "cgroup_parent: would place the container outside the platform's resource control; remove it" },
};

/** Drivers that only keep logs on the node the platform already collects from; options are ignored. */
const LOCAL_LOG_DRIVERS = ["json-file", "local"];

function text(v: unknown, path: string, is: Issues): string | undefined {
  const s = readString(v, path, is);
  if (s !== undefined && hasControlChars(s)) {
    is.error(path, "Must not contain line breaks or control characters");
    return undefined;
  }
  return s;
}

function textList(v: unknown, path: string, is: Issues): string[] {
  const list = readStringList(v, path, is) ?? [];
  return list.filter((s, i) => {
    if (!hasControlChars(s)) return true;
    is.error(childPath(path, i), "Must not contain line breaks or control characters");
    return false;
  });
}

function capabilities(v: unknown, path: string, is: Issues): string[] {
  return textList(v, path, is).filter((c, i) => {
    if (CAPABILITY.test(c)) return true;
    is.error(childPath(path, i), 'Capability names contain only letters and "_" (e.g. NET_BIND_SERVICE)');
    return false;
  });
}

function devices(v: unknown, path: string, is: Issues): string[] {
  if (!Array.isArray(v)) {
    is.error(path, "devices must be a list");
    return [];
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const p = childPath(path, i);
    if (isObj(item)) {
      // The long form is flattened to the short one: the policy refuses any device either way.
      const parts = ["source", "target", "permissions"].map((k) => (item[k] === undefined ? "" : text(item[k], childPath(p, k), is) ?? ""));
      out.push(parts.filter((x) => x !== "").join(":"));
    } else {
      const s = text(item, p, is);
      if (s !== undefined) out.push(s);
    }
  });
  return out;
}

function logging(v: unknown, path: string, is: Issues, refused: Refusal[]): void {
  if (!isObj(v)) {
    is.error(path, "Expected a mapping");
    return;
  }
  checkKeys(v, ["driver", "options"], path, is);
  const driver = v.driver === undefined ? undefined : text(v.driver, childPath(path, "driver"), is);
  if (v.options !== undefined) readKeyValues(v.options, childPath(path, "options"), is);
  if (driver === undefined || LOCAL_LOG_DRIVERS.includes(driver)) {
    is.warn(path, "logging is ignored; the platform sets the log driver and rotation");
  } else {
    refused.push({
      path: childPath(path, "driver"),
      rule: "logging",
      message: `Log driver "${driver.slice(0, 40)}" would ship logs from the platform's machines; remove logging: (logs are shown in the portal)`,
    });
  }
}

export function parseSecurity(svc: Obj, path: string, is: Issues, refused: Refusal[]): SecurityFields {
  const out: SecurityFields = { privileged: false, capAdd: [], capDrop: [], devices: [], securityOpt: [], sysctls: {} };
  const p = (k: string) => childPath(path, k);

  for (const [key, r] of Object.entries(REFUSED_KEYS)) {
    if (svc[key] !== undefined) refused.push({ path: p(key), rule: r.rule, message: r.message });
  }
  if (svc.privileged !== undefined) out.privileged = readBool(svc.privileged, p("privileged"), is) ?? false;
  if (svc.cap_add !== undefined) out.capAdd = capabilities(svc.cap_add, p("cap_add"), is);
  if (svc.cap_drop !== undefined) out.capDrop = capabilities(svc.cap_drop, p("cap_drop"), is);
  if (svc.devices !== undefined) out.devices = devices(svc.devices, p("devices"), is);
  if (svc.security_opt !== undefined) out.securityOpt = textList(svc.security_opt, p("security_opt"), is);

  if (svc.net !== undefined && svc.network_mode !== undefined) is.error(p("net"), "Use either net (V1) or network_mode, not both");
  const netKey = svc.network_mode !== undefined ? "network_mode" : svc.net !== undefined ? "net" : undefined;
  if (netKey) out.networkMode = text(svc[netKey], p(netKey), is);
  if (svc.pid !== undefined) out.pid = text(svc.pid, p("pid"), is);
  if (svc.ipc !== undefined) out.ipc = text(svc.ipc, p("ipc"), is);
  if (svc.userns_mode !== undefined) out.usernsMode = text(svc.userns_mode, p("userns_mode"), is);
  if (svc.cgroup !== undefined && svc.cgroupns !== undefined) is.error(p("cgroupns"), "Use either cgroup or cgroupns, not both");
  const cgKey = svc.cgroup !== undefined ? "cgroup" : svc.cgroupns !== undefined ? "cgroupns" : undefined;
  if (cgKey) out.cgroupns = text(svc[cgKey], p(cgKey), is);

  if (svc.sysctls !== undefined) {
    const pairs = (readKeyValues(svc.sysctls, p("sysctls"), is) ?? []).filter((kv) => {
      if (SYSCTL_KEY.test(kv.key)) return true;
      is.error(kv.path, "sysctl names contain only letters, digits, '.', '_', '/' and '-'");
      return false;
    });
    out.sysctls = toRecord(pairs, is, "sysctl");
  }
  if (svc.logging !== undefined) logging(svc.logging, p("logging"), is, refused);

  for (const k of Object.keys(out) as (keyof SecurityFields)[]) if (out[k] === undefined) delete out[k];
  return out;
}
