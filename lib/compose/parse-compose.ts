// Compose V1, V2 and V3 / Compose Spec text → the normalized AppSpec. Order of work:
//   1. safe YAML load (size, depth, aliases, duplicate keys, merge keys expanded)   safe-yaml.ts
//   2. interpolation of string values from `variables` only                          interpolate.ts
//   3. allow-list parsing of every key into the model, collecting every problem       parse-*.ts
//   4. cross-references (links, depends_on, volumes, networks, secrets, ports)
// Policy matters (privileged, binds, …) are NOT judged here: they go into the model or `refused`,
// and validatePolicy (policy.ts) judges the result, whichever path produced it.

import type { AppSpec, ServiceSpec, VolumeSpec } from "./app-spec";
import { interpolateTree, type Variables } from "./interpolate";
import { childPath, fatal, Issues, type Refusal } from "./issues";
import { resourceNameProblem } from "./names";
import { parseService, type ServiceRefs } from "./parse-service";
import { parseTopNetworks, parseTopSecrets, parseTopVolumes } from "./parse-top-level";
import { loadYaml } from "./safe-yaml";
import { checkKeys, isObj, readString, withoutExtensions, type Obj } from "./values";

type Format = 1 | 2 | 3;
/** Far above any real app; keeps the cross-reference checks cheap on a hostile 256 KiB file. */
const MAX_SERVICES = 200;
const TOP_KEYS = ["version", "services", "volumes", "networks", "secrets", "configs", "name"];

function detectFormat(root: Obj, is: Issues): Format {
  if (root.version === undefined) return root.services === undefined ? 1 : 3;
  const v = typeof root.version === "string" || typeof root.version === "number" ? String(root.version).trim() : "";
  if (/^2(\.\d+)?$/.test(v)) return 2;
  if (/^3(\.\d+)?$/.test(v)) return 3;
  is.error("version", 'Supported versions are "2.x" and "3.x"; or leave version out (Compose Spec)');
  return 3;
}

/** Drops `x-` keys inside each named entry of a section, before interpolation sees them. */
function stripEntryExtensions(section: unknown): unknown {
  if (!isObj(section)) return section;
  const out: Obj = {};
  for (const [k, v] of Object.entries(section)) {
    Object.defineProperty(out, k, { value: isObj(v) ? withoutExtensions(v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function ownStrings(variables: Record<string, string>): Variables {
  const out: Variables = Object.create(null);
  if (variables && typeof variables === "object") {
    for (const [k, v] of Object.entries(variables)) if (typeof v === "string") out[k] = v;
  }
  return out;
}

export function parseCompose(text: string, variables: Record<string, string>): AppSpec {
  const raw = loadYaml(text);
  if (raw === null || raw === undefined) fatal("", "The compose file is empty; it needs at least one service");
  if (!isObj(raw)) fatal("", "The top level of a compose file must be a mapping (services: …), not a list or a single value");

  const is = new Issues();
  const vars = ownStrings(variables);
  const root = withoutExtensions(raw);
  const format = detectFormat(root, is);
  const appRefused: Refusal[] = [];

  let servicesRaw: unknown = root;
  if (format !== 1) {
    checkKeys(root, TOP_KEYS, "", is);
    servicesRaw = root.services;
    if (root.name !== undefined) {
      readString(root.name, "name", is);
      is.warn("name", "The top-level name is ignored; the portal names the app");
    }
  }
  if (!isObj(servicesRaw) || Object.keys(servicesRaw).length === 0) {
    is.error("services", "The compose file defines no services");
    is.throwIfAny();
  }
  if (Object.keys(servicesRaw as Obj).length > MAX_SERVICES) fatal("services", `An app may have at most ${MAX_SERVICES} services`);

  const section = (key: string) => interpolateTree(stripEntryExtensions(root[key]), vars, key, is);
  const volumes = format === 1 ? [] : parseTopVolumes(section("volumes"), is, appRefused);
  const networks = format === 1 ? [] : parseTopNetworks(section("networks"), is, appRefused);
  const none = { objects: [], declared: [] };
  const secrets = format === 1 ? none : parseTopSecrets(section("secrets"), "secrets", is, appRefused);
  const configs = format === 1 ? none : parseTopSecrets(section("configs"), "configs", is, appRefused);

  const services: ServiceSpec[] = [];
  const refs = new Map<string, ServiceRefs>();
  for (const [name, svcRaw] of Object.entries(servicesRaw as Obj)) {
    const path = childPath("services", name);
    const problem = resourceNameProblem(name, "Service");
    if (problem) {
      is.error(path, problem);
      continue;
    }
    if (!isObj(svcRaw)) {
      is.error(path, "A service must be a mapping with at least image:");
      continue;
    }
    const svc = interpolateTree(withoutExtensions(svcRaw), vars, path, is) as Obj;
    const parsed = parseService(name, svc, path, is, vars);
    services.push(parsed.spec);
    refs.set(name, parsed.refs);
  }

  checkReferences(services, refs, { format, volumes, networks, secrets: secrets.declared, configs: configs.declared }, is);
  checkPublishedPorts(services, refs, is);
  is.throwIfAny();

  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  volumes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { services, volumes, secrets: secrets.objects, configs: configs.objects, refused: appRefused, warnings: [...is.warnings] };
}

type Declared = { format: Format; volumes: VolumeSpec[]; networks: string[]; secrets: string[]; configs: string[] };

function checkReferences(services: ServiceSpec[], refs: Map<string, ServiceRefs>, d: Declared, is: Issues): void {
  const names = new Set(services.map((s) => s.name));
  for (const svc of services) {
    const r = refs.get(svc.name)!;
    for (const ref of [...r.links, ...r.dependsOn]) {
      if (ref.name === svc.name) is.error(ref.path, "A service cannot link to or depend on itself");
      else if (!names.has(ref.name)) is.error(ref.path, `Service ${JSON.stringify(ref.name)} is not defined in this file`);
    }
    for (const link of svc.links) {
      if (link.alias !== link.service && names.has(link.alias)) {
        is.error(childPath(childPath("services", svc.name), "links"), `Link alias ${JSON.stringify(link.alias)} is already the name of another service`);
      }
    }
    for (const ref of r.volumes) {
      if (d.volumes.some((v) => v.name === ref.name)) continue;
      if (d.format === 1) {
        // V1 had no top-level volumes: named volumes were created on first use.
        d.volumes.push({ name: ref.name, driverOpts: {} });
        is.warn(ref.path, `Volume ${ref.name} was declared implicitly (Compose V1)`);
      } else is.error(ref.path, `Volume ${JSON.stringify(ref.name)} is not declared under the top-level volumes:`);
    }
    for (const ref of r.networks) {
      if (ref.name !== "default" && !d.networks.includes(ref.name)) is.error(ref.path, `Network ${JSON.stringify(ref.name)} is not declared under the top-level networks:`);
    }
    for (const [kind, list] of [["secrets", r.secrets], ["configs", r.configs]] as const) {
      for (const ref of list) {
        if (!d[kind].includes(ref.name)) is.error(ref.path, `${JSON.stringify(ref.name)} is not declared under the top-level ${kind}:`);
      }
    }
    const targets = new Set<string>();
    svc.mounts.forEach((m, i) => {
      if (targets.has(m.target)) is.error(r.mountPaths[i], `Two mounts use the same container path ${JSON.stringify(m.target)}`);
      targets.add(m.target);
    });
  }
  checkDependencyCycles(services, is);
}

function checkDependencyCycles(services: ServiceSpec[], is: Issues): void {
  const byName = new Map(services.map((s) => [s.name, s]));
  const state = new Map<string, "visiting" | "done">();
  const trail: string[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(name)), name].join(" → ");
      is.error(childPath(childPath("services", name), "depends_on"), `depends_on forms a cycle: ${cycle}`);
      return;
    }
    state.set(name, "visiting");
    trail.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) if (byName.has(dep)) visit(dep);
    trail.pop();
    state.set(name, "done");
  };
  for (const s of services) visit(s.name);
}

function checkPublishedPorts(services: ServiceSpec[], refs: Map<string, ServiceRefs>, is: Issues): void {
  const used = new Map<string, string>();
  for (const svc of services) {
    svc.ports.forEach((p, i) => {
      if (p.published === undefined) return;
      const key = `${p.published}/${p.protocol}`;
      const path = refs.get(svc.name)!.portPaths[i];
      const prev = used.get(key);
      if (prev) is.error(path, `Port ${key} is already published by ${prev}`);
      else used.set(key, path);
    });
  }
}
