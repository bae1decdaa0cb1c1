// Keys that name other parts of the file (links, depends_on, networks, secrets, configs). They are
// parsed here with their key paths; parse-compose checks that every name exists once all services
// are known.

import type { FileRefSpec, ServiceSpec } from "./app-spec";
import { ALIAS_NAME, containerPathProblem, resourceNameProblem } from "./names";
import { childPath, type Issues } from "./issues";
import { DEPENDS_ON_IGNORED } from "./service-keys";
import { checkKeys, isObj, readBool, readString, readStringList } from "./values";

export type Ref = { name: string; path: string };

const DEPENDS_CONDITIONS = ["service_started", "service_healthy", "service_completed_successfully"];

/** V1 links: "db" or "db:alias". */
export function parseLinks(v: unknown, path: string, is: Issues): { links: ServiceSpec["links"]; refs: Ref[] } {
  const links: ServiceSpec["links"] = [];
  const refs: Ref[] = [];
  (readStringList(v, path, is) ?? []).forEach((entry, i) => {
    const p = childPath(path, i);
    const parts = entry.split(":");
    const service = parts[0];
    const alias = (parts.length > 1 ? parts.slice(1).join(":") : service).toLowerCase(); // DNS names are not case sensitive
    if (parts.length > 2) return is.error(p, 'A link is "service" or "service:alias"', "composeProblems.linkForm");
    const problem = resourceNameProblem(service.toLowerCase(), "Service");
    if (problem) return is.report(p, problem);
    if (!ALIAS_NAME.test(alias)) return is.error(p, "A link alias must be a lowercase DNS name (a-z, 0-9, '.', '_', '-')", "composeProblems.linkAlias");
    if (links.some((l) => l.service === service && l.alias === alias)) return;
    links.push({ service, alias });
    refs.push({ name: service, path: p });
  });
  return { links, refs };
}

export function parseDependsOn(v: unknown, path: string, is: Issues): Ref[] {
  const refs: Ref[] = [];
  const add = (name: string, p: string) => {
    const problem = resourceNameProblem(name.toLowerCase(), "Service");
    if (problem) is.report(p, problem);
    else if (!refs.some((r) => r.name === name)) refs.push({ name, path: p });
  };
  if (Array.isArray(v)) {
    (readStringList(v, path, is) ?? []).forEach((name, i) => add(name, childPath(path, i)));
  } else if (isObj(v)) {
    for (const [name, opts] of Object.entries(v)) {
      const p = childPath(path, name);
      if (opts !== null && !isObj(opts)) is.error(p, "Expected a mapping with condition", "composeProblems.conditionMapping");
      else if (opts) {
        checkKeys(opts, ["condition", "required", "restart"], p, is);
        if (opts.condition !== undefined) {
          const c = readString(opts.condition, childPath(p, "condition"), is);
          if (c !== undefined && !DEPENDS_CONDITIONS.includes(c))
            is.error(childPath(p, "condition"), `condition must be one of ${DEPENDS_CONDITIONS.join(", ")}`, "composeProblems.dependsCondition", {
              values: DEPENDS_CONDITIONS.join(", "),
            });
          else if (c !== undefined && c !== "service_started") is.warn(childPath(p, "condition"), DEPENDS_ON_IGNORED, "composeWarnings.dependsOnCondition");
        }
        for (const k of ["required", "restart"]) {
          if (opts[k] !== undefined && readBool(opts[k], childPath(p, k), is) !== undefined)
            is.warn(childPath(p, k), `${k} is ignored; ${DEPENDS_ON_IGNORED}`, "composeWarnings.dependsOnOption", { key: k });
        }
      }
      add(name, p);
    }
  } else if (v !== null) is.error(path, "depends_on must be a list of service names or a mapping", "composeProblems.dependsOnForm");
  return refs;
}

const NETWORK_IGNORED = ["ipv4_address", "ipv6_address", "link_local_ips", "mac_address", "driver_opts", "priority", "gw_priority", "interface_name"];

/**
 * Service networks: all services join the one app network, so the names are checked, `aliases`
 * become extra DNS names of the service there, and addresses are ignored with a warning.
 */
export function parseServiceNetworks(v: unknown, path: string, is: Issues): { refs: Ref[]; aliases: string[] } {
  const refs: Ref[] = [];
  const aliases: string[] = [];
  if (Array.isArray(v)) {
    (readStringList(v, path, is) ?? []).forEach((name, i) => refs.push({ name, path: childPath(path, i) }));
  } else if (isObj(v)) {
    for (const [name, opts] of Object.entries(v)) {
      const p = childPath(path, name);
      if (opts !== null && !isObj(opts)) is.error(p, "Expected a mapping", "composeProblems.expectedMapping");
      else if (opts) {
        checkKeys(opts, ["aliases", ...NETWORK_IGNORED], p, is);
        (readStringList(opts.aliases, childPath(p, "aliases"), is) ?? []).forEach((alias, i) => {
          const lower = alias.toLowerCase();
          if (!ALIAS_NAME.test(lower)) is.error(childPath(childPath(p, "aliases"), i), "An alias must be a DNS name (letters, digits, '.', '_', '-')");
          else if (!aliases.includes(lower)) aliases.push(lower);
        });
        for (const k of NETWORK_IGNORED) {
          if (opts[k] !== undefined)
            is.warn(childPath(p, k), `${k} is ignored; the app network assigns addresses and routes`, "composeWarnings.networkOption", { key: k });
        }
      }
      refs.push({ name, path: p });
    }
  } else if (v !== null) is.error(path, "networks must be a list of network names or a mapping", "composeProblems.networksForm");
  return { refs, aliases };
}

const FILE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/**
 * Service-level secrets/configs: "name" or { source, target, uid, gid, mode }. Secret targets are a
 * file name under /run/secrets/ (default: the source) or an absolute path; config targets are
 * absolute paths (default: /<source>).
 */
export function parseSecretRefs(v: unknown, path: string, kind: "secrets" | "configs", is: Issues): { refs: Ref[]; specs: FileRefSpec[] } {
  const refs: Ref[] = [];
  const specs: FileRefSpec[] = [];
  if (!Array.isArray(v)) {
    if (v !== null) is.error(path, "Expected a list", "composeProblems.expectedList");
    return { refs, specs };
  }
  const defaultTarget = (source: string) => (kind === "secrets" ? source : `/${source}`);
  v.forEach((item, i) => {
    const p = childPath(path, i);
    if (typeof item === "string") {
      refs.push({ name: item, path: p });
      specs.push({ source: item, target: defaultTarget(item) });
    } else if (isObj(item)) {
      checkKeys(item, ["source", "target", "uid", "gid", "mode"], p, is);
      const source = item.source === undefined ? undefined : readString(item.source, childPath(p, "source"), is);
      if (source === undefined) {
        if (item.source === undefined) is.error(childPath(p, "source"), "source is required", "composeProblems.sourceRequired");
        return;
      }
      refs.push({ name: source, path: childPath(p, "source") });
      const spec: FileRefSpec = { source, target: defaultTarget(source) };
      if (item.target !== undefined) {
        const t = readString(item.target, childPath(p, "target"), is);
        const absolute = t !== undefined && t.startsWith("/");
        const problem =
          t === undefined
            ? undefined
            : absolute
              ? containerPathProblem(t)
              : kind === "configs"
                ? { message: "A config target must be an absolute path", key: "composeNameErrors.configTarget" }
                : FILE_NAME.test(t) && t !== "." && t !== ".."
                  ? undefined
                  : { message: "A secret target is a file name (letters, digits, '.', '_', '-') or an absolute path", key: "composeNameErrors.secretTarget" };
        if (problem || (t !== undefined && t.split("/").includes("..")))
          is.report(childPath(p, "target"), problem ?? { message: "A target must not contain ..", key: "composeNameErrors.targetDotDot" });
        else if (t !== undefined) spec.target = t;
      }
      for (const k of ["uid", "gid"] as const) {
        if (item[k] === undefined) continue;
        const s = readString(item[k], childPath(p, k), is);
        if (s !== undefined && !/^\d{1,10}$/.test(s)) is.error(childPath(p, k), `${k} must be a number`, "composeProblems.mustBeNumber", { key: k });
        else if (s !== undefined) spec[k] = s;
      }
      if (item.mode !== undefined) spec.mode = readMode(item.mode, childPath(p, "mode"), is);
      for (const k of Object.keys(spec) as (keyof FileRefSpec)[]) if (spec[k] === undefined) delete spec[k];
      specs.push(spec);
    } else is.error(p, "Expected a name or a mapping with source", "composeProblems.nameOrSource");
  });
  const bad = new Set<string>();
  for (const r of refs) {
    const problem = resourceNameProblem(r.name, kind === "secrets" ? "Secret" : "Config");
    if (problem) {
      is.report(r.path, problem);
      bad.add(r.name);
    }
  }
  return { refs: refs.filter((r) => !bad.has(r.name)), specs: specs.filter((s) => !bad.has(s.source)) };
}

/** File permission bits: 0440 (read as octal, as Compose does), "0440" or 288. */
export function readMode(v: unknown, path: string, is: Issues): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^0?o?[0-7]{1,4}$/.test(v.trim()) ? parseInt(v.trim().replace(/^0?o/, ""), 8) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0o7777) {
    is.error(path, 'mode must be file permission bits such as 0440 or "0440"', "composeProblems.fileMode");
    return undefined;
  }
  return n;
}
