// Top-level `volumes`, `networks`, `secrets` and `configs`. Nothing here is ever resolved on the
// portal's machine: a `file:` is refused by name and never opened (docker/cli#6919), an
// `environment:` source is refused because it would read the portal's own environment, and
// `external`/`name` are refused because they would address objects outside the app (possibly
// another tenant's).

import type { ExternalObjectSpec, VolumeSpec } from "./app-spec";
import { hasControlChars, labelKeyProblem, resourceNameProblem } from "./names";
import { childPath, type Issues, type Refusal } from "./issues";
import { checkKeys, isObj, readBool, readKeyValues, readString, toRecord, withoutExtensions, type Obj } from "./values";

const RESERVED_LABEL = /^(caas\.|com\.docker\.)/i;
const OPT_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

function entries(v: unknown, path: string, is: Issues, what: "Volume" | "Network" | "Secret" | "Config"): [string, Obj, string][] {
  if (v === null || v === undefined) return [];
  if (!isObj(v)) {
    is.error(path, "Expected a mapping of names", "composeProblems.namesMapping");
    return [];
  }
  const out: [string, Obj, string][] = [];
  for (const [name, raw] of Object.entries(v)) {
    const p = childPath(path, name);
    const problem = resourceNameProblem(name, what);
    if (problem) is.report(p, problem);
    else if (raw !== null && !isObj(raw)) is.error(p, "Expected a mapping (or nothing)", "composeProblems.mappingOrNothing");
    else out.push([name, raw === null ? {} : withoutExtensions(raw), p]);
  }
  return out;
}

function isExternal(v: unknown, path: string, is: Issues): boolean {
  if (v === undefined) return false;
  if (isObj(v)) return true; // V2/V3.3 form `external: { name: x }`
  return readBool(v, path, is) ?? false;
}

function refuseExternal(o: Obj, path: string, what: string, is: Issues, refused: Refusal[]): void {
  if (isExternal(o.external, childPath(path, "external"), is)) {
    refused.push({
      path: childPath(path, "external"),
      rule: "external-resource",
      message: `External ${what}s live outside this app; declare the ${what} without external:`,
      key: `composeRules.external.${what}`,
    });
  }
  if (o.name !== undefined) {
    refused.push({
      path: childPath(path, "name"),
      rule: "external-resource",
      message: `A custom ${what} name could address an object outside this app; remove name: (the portal names it)`,
      key: `composeRules.customName.${what}`,
    });
  }
}

/** Labels on volumes and networks are not carried over; reserved ones are still refused outright. */
function checkObjectLabels(v: unknown, path: string, is: Issues, refused: Refusal[]): void {
  for (const kv of readKeyValues(v, path, is) ?? []) {
    const problem = labelKeyProblem(kv.key);
    if (problem) is.report(kv.path, problem);
    else if (RESERVED_LABEL.test(kv.key))
      refused.push({
        path: kv.path,
        rule: "reserved-label",
        message: "Labels starting with caas. or com.docker. are reserved for the platform",
        key: "composeRules.reservedLabel",
      });
  }
  is.warn(path, "Labels are ignored; the portal labels the objects it creates", "composeWarnings.labelsIgnored");
}

function driverOpts(v: unknown, path: string, is: Issues): Record<string, string> {
  const pairs = (readKeyValues(v, path, is) ?? []).filter((kv) => {
    const bad = !OPT_KEY.test(kv.key)
      ? "Option names contain only letters, digits, '.', '_' and '-'"
      : kv.value !== null && hasControlChars(kv.value)
        ? "Option values must not contain line breaks"
        : undefined;
    if (bad) is.error(kv.path, bad);
    return bad === undefined;
  });
  return toRecord(pairs, is, "Option");
}

export function parseTopVolumes(v: unknown, is: Issues, refused: Refusal[]): VolumeSpec[] {
  return entries(v, "volumes", is, "Volume").map(([name, o, p]) => {
    checkKeys(o, ["driver", "driver_opts", "external", "labels", "name"], p, is);
    refuseExternal(o, p, "volume", is, refused);
    if (o.labels !== undefined) checkObjectLabels(o.labels, childPath(p, "labels"), is, refused);
    const spec: VolumeSpec = { name, driverOpts: o.driver_opts === undefined ? {} : driverOpts(o.driver_opts, childPath(p, "driver_opts"), is) };
    if (o.driver !== undefined) {
      const d = readString(o.driver, childPath(p, "driver"), is);
      if (d !== undefined && hasControlChars(d)) is.error(childPath(p, "driver"), "Driver names must not contain line breaks", "composeProblems.driverBreaks");
      else if (d !== undefined) spec.driver = d;
    }
    return spec;
  });
}

const NETWORK_KEYS = ["driver", "driver_opts", "external", "name", "ipam", "internal", "attachable", "labels", "enable_ipv6"];

/** Every service joins the one app network, so declared networks are folded into it. */
export function parseTopNetworks(v: unknown, is: Issues, refused: Refusal[]): string[] {
  return entries(v, "networks", is, "Network").map(([name, o, p]) => {
    checkKeys(o, NETWORK_KEYS, p, is);
    refuseExternal(o, p, "network", is, refused);
    if (o.labels !== undefined) checkObjectLabels(o.labels, childPath(p, "labels"), is, refused);
    const driver = o.driver === undefined ? undefined : readString(o.driver, childPath(p, "driver"), is);
    if (driver === "host" || driver === "none") {
      refused.push({
        path: childPath(p, "driver"),
        rule: "host-namespaces",
        message: `The "${driver}" network driver would leave the app network; remove it`,
        key: "composeRules.networkDriver",
        params: { driver },
      });
    }
    is.warn(p, `Network ${name} was folded into the app's network: all services of the app share one network`, "composeWarnings.networkFolded", { name });
    return name;
  });
}

/** Portal secret/config names: what `name:` or an `external: true` key may refer to. */
const OBJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Top-level secrets/configs refer to objects the portal holds (`external: true`, or `name:`); their
 * values never come from the file or the portal's machine, so `file:`, `environment:` and
 * `content:` are refused by name and never read.
 */
export function parseTopSecrets(
  v: unknown,
  kind: "secrets" | "configs",
  is: Issues,
  refused: Refusal[],
): { objects: ExternalObjectSpec[]; declared: string[] } {
  const what = kind === "secrets" ? "Secret" : "Config";
  const keys = ["file", "environment", "external", "name", "labels", "driver", "driver_opts", "template_driver", ...(kind === "configs" ? ["content"] : [])];
  const out: ExternalObjectSpec[] = [];
  const declared: string[] = [];
  for (const [name, o, p] of entries(v, kind, is, what)) {
    declared.push(name);
    checkKeys(o, keys, p, is);
    const how = `add the ${what.toLowerCase()} in the portal and refer to it with external: true`;
    if (o.file !== undefined) {
      // Refused by name only: the path is never resolved, opened or echoed back.
      refused.push({
        path: childPath(p, "file"),
        rule: "file-reference",
        message: `${what} files would be read on the portal's machine; ${how}`,
        key: `composeRules.objectFile.${kind}`,
      });
    }
    if (o.environment !== undefined) {
      refused.push({
        path: childPath(p, "environment"),
        rule: "environment-reference",
        message: `${what} values from environment: would read the portal's own environment; ${how}`,
        key: `composeRules.objectEnvironment.${kind}`,
      });
    }
    if (o.content !== undefined) {
      refused.push({
        path: childPath(p, "content"),
        rule: "inline-content",
        message: `Inline config content is not kept in the portal's Compose text; ${how}`,
        key: "composeRules.inlineContent",
      });
    }
    let externalName: string | undefined;
    if (isObj(o.external)) {
      // V3.3 form `external: { name: x }`
      checkKeys(o.external, ["name"], childPath(p, "external"), is);
      if (o.external.name !== undefined) externalName = readString(o.external.name, childPath(childPath(p, "external"), "name"), is);
      externalName ??= name;
    } else if (o.external !== undefined && readBool(o.external, childPath(p, "external"), is)) externalName = name;
    if (o.name !== undefined) {
      const n = readString(o.name, childPath(p, "name"), is);
      if (n !== undefined) externalName = n;
    }
    for (const k of ["labels", "driver", "driver_opts", "template_driver"]) {
      if (o[k] !== undefined)
        is.warn(childPath(p, k), `${k} is ignored; the portal creates the ${what.toLowerCase()}`, "composeWarnings.portalCreates", {
          key: k,
          what: `@composeNameErrors.kinds.${what.toLowerCase()}`,
        });
    }
    const sourced = [o.file, o.environment, o.content].some((x) => x !== undefined);
    if (externalName === undefined) {
      if (!sourced)
        is.error(p, `${what} needs external: true (or name:) to refer to a ${what.toLowerCase()} kept in the portal`, `composeProblems.needsExternal.${kind}`);
      continue;
    }
    if (!OBJECT_NAME.test(externalName)) {
      is.error(
        childPath(p, o.name !== undefined ? "name" : "external"),
        `${what} names contain only letters, digits, '.', '_' and '-' (at most 64 characters)`,
        `composeProblems.objectName.${kind}`,
      );
      continue;
    }
    out.push({ name, externalName });
  }
  return { objects: out, declared };
}
