// Compose V1, V2 and V3 / Compose Spec text → the normalized AppSpec. Order of work:
//   1. safe YAML load (size, expansion, depth, duplicate keys, merge keys, !reset/!override)  safe-yaml.ts
//   2. same-file `extends` with Compose's merge rules                                  extends.ts
//   3. profiles: services whose profiles were not asked for are left out (warning)
//   4. interpolation of string values from `variables` only                          interpolate.ts
//   5. allow-list parsing of every key into the model, collecting every problem; keys
//      with no Swarm equivalent become warnings (service-keys.ts)                     parse-*.ts
//   6. cross-references (links, depends_on, volumes, networks, secrets, ports)
// Policy matters (privileged, binds, …) are NOT judged here: they go into the model or `refused`,
// and validatePolicy (policy.ts) judges the result, whichever path produced it.

import { LRUCache } from "lru-cache";
import type { AppSpec, ServiceSpec, VolumeSpec } from "./app-spec";
import { interpolateTree, type Variables } from "./interpolate";
import { childPath, fatal, Issues, type Refusal } from "./issues";
import { resourceNameProblem } from "./names";
import { parseService, type ServiceRefs } from "./parse-service";
import { parseTopNetworks, parseTopSecrets, parseTopVolumes } from "./parse-top-level";
import { loadComposeYaml, type LoadedYaml } from "./safe-yaml";
import { resolveExtends } from "./extends";
import { composeLocator, locateDetails } from "./locate";
import { AppError, appError, isAppError, problem } from "@/lib/errors";
import { checkKeys, isObj, readString, readStringList, withoutExtensions, type Obj } from "./values";

type Format = 1 | 2 | 3;
/** Far above any real app; keeps the cross-reference checks cheap on a hostile 256 KiB file. */
const MAX_SERVICES = 200;
const TOP_KEYS = ["version", "services", "volumes", "networks", "secrets", "configs", "name", "include", "models"];

export interface ParseOptions {
  /** Profiles the deploy asks for; services with other profiles are left out ("*" enables all). */
  profiles?: string[];
}

function detectFormat(root: Obj, is: Issues): Format {
  if (root.version === undefined) return root.services === undefined && root.include === undefined ? 1 : 3;
  const v = typeof root.version === "string" || typeof root.version === "number" ? String(root.version).trim() : "";
  if (/^2(\.\d+)?$/.test(v)) return 2;
  if (/^3(\.\d+)?$/.test(v)) return 3;
  if (v === "" && typeof root.version !== "string" && typeof root.version !== "number") is.error("version", 'version must be a string such as "3.8"');
  // docker compose ignores `version`; so do we, saying so.
  else
    is.warn(
      "version",
      `version ${JSON.stringify(v.slice(0, 20))} is not a known Compose version; the file is read as the Compose Specification`,
      "composeWarnings.version",
      {
        version: v.slice(0, 20),
      },
    );
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

const INCLUDE_MESSAGE = "include: would read other compose files on the portal's machine; paste the included services into this file";

/** Profiles of a service (before interpolation Compose allows none in profiles, so raw strings). */
function serviceProfiles(svc: Obj, path: string, is: Issues): string[] {
  if (svc.profiles === undefined) return [];
  const list = readStringList(svc.profiles, childPath(path, "profiles"), is) ?? [];
  return list.filter((p, i) => {
    if (/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(p)) return true;
    is.error(childPath(childPath(path, "profiles"), i), "Profile names contain only letters, digits, '.', '_' and '-'");
    return false;
  });
}

/**
 * Service names as Docker accepts them: uppercase letters are lowered (DNS names are not case
 * sensitive, so other services still reach it) with a warning; anything else must already fit.
 */
function modelServiceName(name: string, path: string, is: Issues): string | undefined {
  const lower = name.toLowerCase();
  const problem = resourceNameProblem(lower, "Service");
  if (problem) {
    is.report(path, problem);
    return undefined;
  }
  if (lower !== name)
    is.warn(
      path,
      `Service ${JSON.stringify(name)} is named ${JSON.stringify(lower)} on the platform (service names are lowercase)`,
      "composeWarnings.lowercased",
      {
        name,
        lower,
      },
    );
  return lower;
}

// Parsing is a function of the text, the variables and the profiles alone, and the same text is
// deployed again and again (a template from the app store, a pipeline's redeploys, a burst of
// creates): the last successful parses are kept, and each caller gets its own copy of the model.
// Failures are not kept (their answer is built anew). Texts above MAX_KEPT_TEXT are not kept either.
const MAX_KEPT = 64;
const MAX_KEPT_TEXT = 64 * 1024;
const kept = new LRUCache<string, AppSpec>({ max: MAX_KEPT });

/**
 * Compose text → the normalized model. Throws VALIDATION (or POLICY for a file that only includes
 * others) listing every problem, each with its key path and, where the text has one, line and
 * column; warnings carry them too.
 */
export function parseCompose(text: string, variables: Record<string, string>, options: ParseOptions = {}): AppSpec {
  if (text.length > MAX_KEPT_TEXT) return parseText(text, variables, options);
  const key = JSON.stringify([text, ownStrings(variables), options.profiles ?? null]);
  const hit = kept.get(key);
  if (hit) return structuredClone(hit);
  const spec = parseText(text, variables, options);
  kept.set(key, structuredClone(spec));
  return spec;
}

function parseText(text: string, variables: Record<string, string>, options: ParseOptions): AppSpec {
  // YAML-level problems (syntax, size, nesting, expansion) already say where they are.
  const loaded = loadComposeYaml(text);
  const locator = () => composeLocator(text, loaded.doc);
  let spec: AppSpec;
  try {
    spec = parseLoaded(loaded, variables, options);
  } catch (e) {
    if (isAppError(e) && e.details && e.details.length > 0 && (e.code === "VALIDATION" || e.code === "POLICY")) {
      throw new AppError(e.code, e.message, locateDetails(text, e.details, locator()), { cause: e.cause, i18n: e.i18n });
    }
    throw e;
  }
  if (spec.warnings.length > 0) spec.warnings = locateDetails(text, spec.warnings, locator());
  return spec;
}

function parseLoaded(loaded: LoadedYaml, variables: Record<string, string>, options: ParseOptions): AppSpec {
  const raw = loaded.value;
  if (raw === null || raw === undefined) fatal("", "The compose file is empty; it needs at least one service", "composeErrors.empty");
  if (!isObj(raw)) fatal("", "The top level of a compose file must be a mapping (services: …), not a list or a single value", "composeErrors.notMapping");

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
      is.warn("name", "The top-level name is ignored; the portal names the app", "composeWarnings.topName");
    }
    if (root.models !== undefined) is.warn("models", "models is ignored: AI models are not provided by the platform", "composeWarnings.models");
    if (root.include !== undefined) {
      appRefused.push({ path: "include", rule: "file-reference", message: INCLUDE_MESSAGE, key: "composeRules.include" });
      if (servicesRaw === undefined) {
        // Nothing else to read: say why in one policy answer, not "no services".
        throw appError("POLICY", "composeErrors.onlyIncludes", undefined, "The compose file only includes other files, which the portal does not read", {
          details: [problem("include", "composeRules.include", undefined, INCLUDE_MESSAGE, "file-reference")],
        });
      }
    }
  }
  if (!isObj(servicesRaw) || Object.keys(servicesRaw).length === 0) {
    is.error("services", "The compose file defines no services");
    is.throwIfAny();
  }
  if (Object.keys(servicesRaw as Obj).length > MAX_SERVICES)
    fatal("services", `An app may have at most ${MAX_SERVICES} services`, "composeErrors.tooManyServices", { max: MAX_SERVICES });

  // Same-file extends and !reset / !override, before anything else reads the services.
  const strippedServices: Obj = {};
  for (const [name, v] of Object.entries(servicesRaw as Obj)) {
    Object.defineProperty(strippedServices, name, { value: isObj(v) ? withoutExtensions(v) : v, enumerable: true, writable: true, configurable: true });
  }
  const ext = resolveExtends({ services: strippedServices, prefix: format === 1 ? [] : ["services"], tags: loaded.tags }, is);

  const section = (key: string) => interpolateTree(stripEntryExtensions(root[key]), vars, key, is);
  const volumes = format === 1 ? [] : parseTopVolumes(section("volumes"), is, appRefused);
  const networks = format === 1 ? [] : parseTopNetworks(section("networks"), is, appRefused);
  const none = { objects: [], declared: [] };
  const secrets = format === 1 ? none : parseTopSecrets(section("secrets"), "secrets", is, appRefused);
  const configs = format === 1 ? none : parseTopSecrets(section("configs"), "configs", is, appRefused);

  // Profiles: a service with profiles runs only when the deploy asks for one of them.
  const wanted = new Set(options.profiles ?? []);
  const leftOut = new Map<string, string>(); // file name → path
  const services: ServiceSpec[] = [];
  const refs = new Map<string, ServiceRefs>();
  const modelNames = new Map<string, string>(); // file name → model name
  for (const [name, svcRaw] of Object.entries(ext.services)) {
    const path = childPath("services", name);
    if (!isObj(svcRaw)) {
      is.error(path, "A service must be a mapping with at least image:", "composeProblems.serviceMapping");
      continue;
    }
    const profiles = serviceProfiles(svcRaw, path, is);
    if (profiles.length > 0 && !wanted.has("*") && !profiles.some((p) => wanted.has(p))) {
      leftOut.set(name, path);
      is.warn(
        childPath(path, "profiles"),
        `Service ${JSON.stringify(name)} was left out: it runs only with the profile${profiles.length > 1 ? "s" : ""} ${profiles.join(", ")}, which this deploy did not ask for`,
        "composeWarnings.profileLeftOut",
        { name, count: profiles.length, profiles: profiles.join(", ") },
      );
      continue;
    }
    const modelName = modelServiceName(name, path, is);
    if (modelName === undefined) continue;
    const clash = [...modelNames.entries()].find(([, m]) => m === modelName);
    if (clash) {
      is.error(
        path,
        `Service ${JSON.stringify(name)} and ${JSON.stringify(clash[0])} would both be named ${JSON.stringify(modelName)}`,
        "composeProblems.nameClash",
        {
          first: name,
          second: clash[0],
          name: modelName,
        },
      );
      continue;
    }
    modelNames.set(name, modelName);
    const own: Obj = {};
    for (const [k, v] of Object.entries(svcRaw))
      if (k !== "profiles") Object.defineProperty(own, k, { value: v, enumerable: true, writable: true, configurable: true });
    const svc = interpolateTree(own, vars, path, is) as Obj;
    const parsed = parseService(modelName, svc, path, is, vars, { legacyRestart: format !== 3 });
    parsed.spec.refused.push(...(ext.refused.get(name) ?? []));
    services.push(parsed.spec);
    refs.set(modelName, parsed.refs);
  }
  renameReferences(services, refs, modelNames, leftOut, is);
  // A secret/config the policy refuses (file:, environment:, content:) is not a portal object: the
  // services keep no reference to it, and its refusal says why.
  for (const svc of services) {
    svc.secrets = svc.secrets.filter((r) => secrets.objects.some((o) => o.name === r.source));
    svc.configs = svc.configs.filter((r) => configs.objects.some((o) => o.name === r.source));
  }

  checkReferences(services, refs, { format, volumes, networks, secrets: secrets.declared, configs: configs.declared }, is);
  checkPublishedPorts(services, refs, is);
  is.throwIfAny();

  if (services.length === 0) {
    fatal("services", "Every service of the file was left out by its profiles; ask for a profile to deploy it", "composeErrors.allProfiled");
  }
  services.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  volumes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { services, volumes, secrets: secrets.objects, configs: configs.objects, refused: appRefused, warnings: [...is.warnings] };
}

/**
 * Links and depends_on name services as the file does; they follow a renamed (lowercased) service,
 * and references to services left out by their profiles are dropped with a warning.
 */
function renameReferences(services: ServiceSpec[], refs: Map<string, ServiceRefs>, names: Map<string, string>, leftOut: Map<string, string>, is: Issues): void {
  const rename = (n: string) => names.get(n) ?? names.get(n.toLowerCase()) ?? n;
  for (const svc of services) {
    const r = refs.get(svc.name)!;
    const keep = (ref: { name: string; path: string }) => {
      if (!leftOut.has(ref.name)) return true;
      is.warn(ref.path, `Service ${JSON.stringify(ref.name)} was left out by its profiles; this reference is ignored`, "composeWarnings.profileReference", {
        name: ref.name,
      });
      return false;
    };
    r.links = r.links.filter(keep);
    r.dependsOn = r.dependsOn.filter(keep);
    svc.links = svc.links.filter((l) => !leftOut.has(l.service)).map((l) => ({ service: rename(l.service), alias: l.alias }));
    r.links = r.links.map((x) => ({ ...x, name: rename(x.name) }));
    r.dependsOn = r.dependsOn.map((x) => ({ ...x, name: rename(x.name) }));
    svc.dependsOn = [...new Set(r.dependsOn.map((x) => x.name))].sort();
  }
}

type Declared = { format: Format; volumes: VolumeSpec[]; networks: string[]; secrets: string[]; configs: string[] };

function checkReferences(services: ServiceSpec[], refs: Map<string, ServiceRefs>, d: Declared, is: Issues): void {
  const names = new Set(services.map((s) => s.name));
  for (const svc of services) {
    const r = refs.get(svc.name)!;
    for (const ref of [...r.links, ...r.dependsOn]) {
      if (ref.name === svc.name) is.error(ref.path, "A service cannot link to or depend on itself", "composeProblems.serviceSelfLink");
      else if (!names.has(ref.name))
        is.error(ref.path, `Service ${JSON.stringify(ref.name)} is not defined in this file`, "composeProblems.undefinedService", { service: ref.name });
    }
    for (const link of svc.links) {
      if (link.alias !== link.service && names.has(link.alias)) {
        is.error(
          childPath(childPath("services", svc.name), "links"),
          `Link alias ${JSON.stringify(link.alias)} is already the name of another service`,
          "composeProblems.linkAliasTaken",
          { alias: link.alias },
        );
      }
    }
    for (const ref of r.volumes) {
      if (d.volumes.some((v) => v.name === ref.name)) continue;
      if (d.format === 1) {
        // V1 had no top-level volumes: named volumes were created on first use.
        d.volumes.push({ name: ref.name, driverOpts: {} });
        is.warn(ref.path, `Volume ${ref.name} was declared implicitly (Compose V1)`, "composeWarnings.implicitVolume", { name: ref.name });
      } else
        is.error(ref.path, `Volume ${JSON.stringify(ref.name)} is not declared under the top-level volumes:`, "composeProblems.undeclaredVolume", {
          name: ref.name,
        });
    }
    for (const ref of r.networks) {
      if (ref.name !== "default" && !d.networks.includes(ref.name))
        is.error(ref.path, `Network ${JSON.stringify(ref.name)} is not declared under the top-level networks:`, "composeProblems.undeclaredNetwork", {
          name: ref.name,
        });
    }
    for (const [kind, list] of [
      ["secrets", r.secrets],
      ["configs", r.configs],
    ] as const) {
      for (const ref of list) {
        if (!d[kind].includes(ref.name))
          is.error(ref.path, `${JSON.stringify(ref.name)} is not declared under the top-level ${kind}:`, "composeProblems.undeclaredObject", {
            name: ref.name,
            kind,
          });
      }
    }
    const targets = new Set<string>();
    svc.mounts.forEach((m, i) => {
      if (targets.has(m.target))
        is.error(r.mountPaths[i], `Two mounts use the same container path ${JSON.stringify(m.target)}`, "composeProblems.sameMountTarget", {
          target: m.target,
        });
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
      is.error(childPath(childPath("services", name), "depends_on"), `depends_on forms a cycle: ${cycle}`, "composeProblems.dependsOnCycle", { cycle });
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
      if (prev) is.error(path, `Port ${key} is already published by ${prev}`, "composeProblems.portPublishedTwice", { port: key, by: prev });
      else used.set(key, path);
    });
  }
}
