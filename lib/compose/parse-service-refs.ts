// Keys that name other parts of the file (links, depends_on, networks, secrets, configs). They are
// parsed here with their key paths; parse-compose checks that every name exists once all services
// are known.

import type { ServiceSpec } from "./app-spec";
import { ALIAS_NAME, resourceNameProblem } from "./names";
import { childPath, type Issues } from "./issues";
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
    const alias = parts.length > 1 ? parts.slice(1).join(":") : service;
    if (parts.length > 2) return is.error(p, 'A link is "service" or "service:alias"');
    const problem = resourceNameProblem(service, "Service");
    if (problem) return is.error(p, problem);
    if (!ALIAS_NAME.test(alias)) return is.error(p, "A link alias must be a lowercase DNS name (a-z, 0-9, '.', '_', '-')");
    if (links.some((l) => l.service === service && l.alias === alias)) return;
    links.push({ service, alias });
    refs.push({ name: service, path: p });
  });
  return { links, refs };
}

export function parseDependsOn(v: unknown, path: string, is: Issues): Ref[] {
  const refs: Ref[] = [];
  const add = (name: string, p: string) => {
    const problem = resourceNameProblem(name, "Service");
    if (problem) is.error(p, problem);
    else if (!refs.some((r) => r.name === name)) refs.push({ name, path: p });
  };
  if (Array.isArray(v)) {
    (readStringList(v, path, is) ?? []).forEach((name, i) => add(name, childPath(path, i)));
  } else if (isObj(v)) {
    for (const [name, opts] of Object.entries(v)) {
      const p = childPath(path, name);
      if (opts !== null && !isObj(opts)) is.error(p, "Expected a mapping with condition");
      else if (opts) {
        checkKeys(opts, ["condition", "required", "restart"], p, is);
        if (opts.condition !== undefined) {
          const c = readString(opts.condition, childPath(p, "condition"), is);
          if (c !== undefined && !DEPENDS_CONDITIONS.includes(c)) is.error(childPath(p, "condition"), `condition must be one of ${DEPENDS_CONDITIONS.join(", ")}`);
          else if (c !== undefined && c !== "service_started") is.note(`${childPath(p, "condition")}: Swarm starts services without waiting for conditions`);
        }
        for (const k of ["required", "restart"]) if (opts[k] !== undefined) readBool(opts[k], childPath(p, k), is);
      }
      add(name, p);
    }
  } else if (v !== null) is.error(path, "depends_on must be a list of service names or a mapping");
  return refs;
}

/** Service networks: all services join the one app network, so only the names are checked. */
export function parseServiceNetworks(v: unknown, path: string, is: Issues): Ref[] {
  const refs: Ref[] = [];
  if (Array.isArray(v)) {
    (readStringList(v, path, is) ?? []).forEach((name, i) => refs.push({ name, path: childPath(path, i) }));
  } else if (isObj(v)) {
    for (const [name, opts] of Object.entries(v)) {
      const p = childPath(path, name);
      if (opts !== null && !isObj(opts)) is.error(p, "Expected a mapping");
      // aliases, static addresses and the like cannot be honoured on the shared app network.
      else if (opts) checkKeys(opts, ["priority"], p, is);
      refs.push({ name, path: p });
    }
  } else if (v !== null) is.error(path, "networks must be a list of network names or a mapping");
  return refs;
}

/** Service-level secrets/configs: "name" or { source, target, uid, gid, mode }. */
export function parseSecretRefs(v: unknown, path: string, is: Issues): Ref[] {
  const refs: Ref[] = [];
  if (!Array.isArray(v)) {
    if (v !== null) is.error(path, "Expected a list");
    return refs;
  }
  v.forEach((item, i) => {
    const p = childPath(path, i);
    if (typeof item === "string") refs.push({ name: item, path: p });
    else if (isObj(item)) {
      checkKeys(item, ["source", "target", "uid", "gid", "mode"], p, is);
      const source = readString(item.source, childPath(p, "source"), is);
      if (source !== undefined) refs.push({ name: source, path: childPath(p, "source") });
    } else is.error(p, "Expected a name or a mapping with source");
  });
  return refs.filter((r) => {
    const problem = resourceNameProblem(r.name, "Secret");
    if (problem) is.error(r.path, problem);
    return problem === undefined;
  });
}
