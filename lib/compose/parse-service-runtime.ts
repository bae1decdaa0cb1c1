// Service keys that map onto Swarm's container spec one to one: ulimits, DNS settings, extra
// hosts, the stop signal and logging. Each reader accepts every form Compose accepts and records
// problems with their key paths.

import type { ServiceSpec, UlimitSpec } from "./app-spec";
import { HOSTNAME, hasControlChars } from "./names";
import { childPath, type Issues, type Refusal } from "./issues";
import { text, textList } from "./parse-service-security";
import { LOCAL_LOG_DRIVERS } from "./policy-service";
import { checkKeys, isObj, readInt, readKeyValues, readStringList, toRecord } from "./values";

const ULIMIT_NAMES = [
  "as",
  "core",
  "cpu",
  "data",
  "fsize",
  "locks",
  "memlock",
  "msgqueue",
  "nice",
  "nofile",
  "nproc",
  "rss",
  "rtprio",
  "rttime",
  "sigpending",
  "stack",
];
const ULIMIT_MAX = 2 ** 53 - 1;

/** `nofile: 1024` (soft = hard) or `nofile: { soft: 1024, hard: 4096 }`; -1 means unlimited. */
export function parseUlimits(v: unknown, path: string, is: Issues): UlimitSpec[] | undefined {
  if (!isObj(v)) {
    is.error(path, "ulimits must be a mapping such as { nofile: { soft: 1024, hard: 4096 } }", "composeProblems.ulimitsForm");
    return undefined;
  }
  const out: UlimitSpec[] = [];
  for (const [name, raw] of Object.entries(v)) {
    const p = childPath(path, name);
    if (!ULIMIT_NAMES.includes(name)) {
      is.error(p, `Unknown ulimit ${JSON.stringify(name.slice(0, 40))}; known: ${ULIMIT_NAMES.join(", ")}`, "composeProblems.unknownUlimit", {
        name: name.slice(0, 40),
        known: ULIMIT_NAMES.join(", "),
      });
      continue;
    }
    let soft: number | undefined;
    let hard: number | undefined;
    if (isObj(raw)) {
      checkKeys(raw, ["soft", "hard"], p, is);
      soft = readInt(raw.soft, childPath(p, "soft"), is, -1, ULIMIT_MAX);
      hard = readInt(raw.hard, childPath(p, "hard"), is, -1, ULIMIT_MAX);
    } else {
      soft = hard = readInt(raw, p, is, -1, ULIMIT_MAX);
    }
    if (soft === undefined || hard === undefined) continue;
    if (hard !== -1 && (soft === -1 || soft > hard)) {
      is.error(p, "The soft limit must not be larger than the hard limit", "composeProblems.ulimitSoftHard");
      continue;
    }
    out.push({ name, soft, hard });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

/** `dns: 8.8.8.8` or a list of addresses. */
export function parseDns(v: unknown, path: string, is: Issues): string[] {
  const list = readStringList(v, path, is, true) ?? [];
  return list.filter((s, i) => {
    if (IP.test(s)) return true;
    is.error(typeof v === "string" ? path : childPath(path, i), "A DNS server must be an IP address");
    return false;
  });
}

/** `dns_search: example.com` or a list of domains. */
export function parseDnsSearch(v: unknown, path: string, is: Issues): string[] {
  const list = readStringList(v, path, is, true) ?? [];
  return list.filter((s, i) => {
    if (s === "." || HOSTNAME.test(s.replace(/\.$/, ""))) return true;
    is.error(typeof v === "string" ? path : childPath(path, i), "A DNS search domain must be a valid domain name");
    return false;
  });
}

export function parseDnsOptions(v: unknown, path: string, is: Issues): string[] {
  return typeof v === "string" ? [text(v, path, is) ?? ""].filter((s) => s !== "") : textList(v, path, is);
}

/** `extra_hosts`: ["host:ip"], ["host=ip"] or { host: ip } (several ips per host in a list). */
export function parseExtraHosts(v: unknown, path: string, is: Issues): { host: string; ip: string }[] {
  const out: { host: string; ip: string }[] = [];
  const add = (host: string, ip: string, p: string) => {
    const addr = ip.replace(/^\[(.*)\]$/, "$1");
    if (!HOSTNAME.test(host)) is.error(p, "extra_hosts needs a valid host name", "composeProblems.extraHostName");
    else if (addr !== "host-gateway" && !IP.test(addr)) is.error(p, 'extra_hosts needs an IP address (or "host-gateway")', "composeProblems.extraHostIp");
    else out.push({ host, ip: addr });
  };
  if (Array.isArray(v)) {
    (readStringList(v, path, is) ?? []).forEach((entry, i) => {
      const p = childPath(path, i);
      const eq = entry.indexOf("=");
      const sep = eq >= 0 ? eq : entry.indexOf(":");
      if (sep <= 0) is.error(p, 'extra_hosts entries are "host:ip" or "host=ip"', "composeProblems.extraHostEntry");
      else add(entry.slice(0, sep), entry.slice(sep + 1), p);
    });
  } else if (isObj(v)) {
    for (const [host, ip] of Object.entries(v)) {
      const p = childPath(path, host);
      if (Array.isArray(ip)) (readStringList(ip, p, is) ?? []).forEach((one) => add(host, one, p));
      else {
        const s = text(ip, p, is);
        if (s !== undefined) add(host, s, p);
      }
    }
  } else is.error(path, 'extra_hosts must be a list of "host:ip" or a mapping of host: ip', "composeProblems.extraHostsForm");
  return out;
}

const SIGNAL = /^(?:SIG[A-Z0-9]{1,12}(?:[+-]\d{1,2})?|[A-Z]{2,12}(?:[+-]\d{1,2})?|\d{1,2})$/;

export function parseStopSignal(v: unknown, path: string, is: Issues): string | undefined {
  const s = text(v, path, is);
  if (s !== undefined && !SIGNAL.test(s)) {
    is.error(path, 'stop_signal must be a signal name or number, such as "SIGQUIT" or "9"', "composeProblems.stopSignal");
    return undefined;
  }
  return s;
}

const LOG_OPTIONS = ["max-size", "max-file", "compress", "labels", "labels-regex", "env", "env-regex", "tag", "mode", "max-buffer-size"];

/**
 * `logging: { driver, options }`, or V1 `log_driver` + `log_opt` (paths given separately). A local
 * driver is mapped with its known options; any other driver is refused by the `logging` rule.
 */
export function parseLogging(
  driverRaw: unknown,
  optionsRaw: unknown,
  paths: { driver: string; options: string },
  is: Issues,
  refused: Refusal[],
): ServiceSpec["logging"] {
  const driver = driverRaw === undefined || driverRaw === null ? "json-file" : text(driverRaw, paths.driver, is);
  const pairs = optionsRaw === undefined ? [] : (readKeyValues(optionsRaw, paths.options, is) ?? []);
  if (driver === undefined) return undefined;
  if (!LOCAL_LOG_DRIVERS.includes(driver)) {
    refused.push({
      path: paths.driver,
      rule: "logging",
      message: `Log driver "${driver.slice(0, 40)}" would ship logs from the platform's machines; use json-file or local (logs are shown in the portal)`,
      key: "composeRules.logDriver",
      params: { driver: driver.slice(0, 40) },
    });
    return undefined;
  }
  const kept = pairs.filter((kv) => {
    if (kv.value !== null && hasControlChars(kv.value)) {
      is.error(kv.path, "Log options must not contain line breaks", "composeProblems.logOptionBreaks");
      return false;
    }
    if (driver !== "none" && LOG_OPTIONS.includes(kv.key) && kv.value !== null) return true;
    is.warn(kv.path, `Log option ${JSON.stringify(kv.key.slice(0, 40))} is ignored for the ${driver} driver`, "composeWarnings.logOption", {
      option: kv.key.slice(0, 40),
      driver,
    });
    return false;
  });
  return { driver, options: toRecord(kept, is, "Log option") };
}
