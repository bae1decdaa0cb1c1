// Top-level `volumes`, `networks`, `secrets` and `configs`. Nothing here is ever resolved on the
// portal's machine: a `file:` is refused by name and never opened (docker/cli#6919), an
// `environment:` source is refused because it would read the portal's own environment, and
// `external`/`name` are refused because they would address objects outside the app (possibly
// another tenant's).

import type { VolumeSpec } from "./app-spec";
import { hasControlChars, labelKeyProblem, resourceNameProblem } from "./names";
import { childPath, type Issues, type Refusal } from "./issues";
import { checkKeys, isObj, readBool, readKeyValues, readString, toRecord, withoutExtensions, type Obj } from "./values";

const RESERVED_LABEL = /^(caas\.|com\.docker\.)/i;
const OPT_KEY = /^[A-Za-z0-9_.-]{1,100}$/;

function entries(v: unknown, path: string, is: Issues, what: "Volume" | "Network" | "Secret" | "Config"): [string, Obj, string][] {
  if (v === null || v === undefined) return [];
  if (!isObj(v)) {
    is.error(path, "Expected a mapping of names");
    return [];
  }
  const out: [string, Obj, string][] = [];
  for (const [name, raw] of Object.entries(v)) {
    const p = childPath(path, name);
    const problem = resourceNameProblem(name, what);
    if (problem) is.error(p, problem);
    else if (raw !== null && !isObj(raw)) is.error(p, "Expected a mapping (or nothing)");
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
    refused.push({ path: childPath(path, "external"), rule: "external-resource", message: `External ${what}s live outside this app; declare the ${what} without external:` });
  }
  if (o.name !== undefined) {
    refused.push({ path: childPath(path, "name"), rule: "external-resource", message: `A custom ${what} name could address an object outside this app; remove name: (the portal names it)` });
  }
}

/** Labels on volumes and networks are not carried over; reserved ones are still refused outright. */
function checkObjectLabels(v: unknown, path: string, is: Issues, refused: Refusal[]): void {
  for (const kv of readKeyValues(v, path, is) ?? []) {
    const problem = labelKeyProblem(kv.key);
    if (problem) is.error(kv.path, problem);
    else if (RESERVED_LABEL.test(kv.key)) refused.push({ path: kv.path, rule: "reserved-label", message: "Labels starting with caas. or com.docker. are reserved for the platform" });
  }
  is.note(`${path} is ignored; the portal labels the objects it creates`);
}

function driverOpts(v: unknown, path: string, is: Issues): Record<string, string> {
  const pairs = (readKeyValues(v, path, is) ?? []).filter((kv) => {
    const bad = !OPT_KEY.test(kv.key) ? "Option names contain only letters, digits, '.', '_' and '-'" : kv.value !== null && hasControlChars(kv.value) ? "Option values must not contain line breaks" : undefined;
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
      if (d !== undefined && hasControlChars(d)) is.error(childPath(p, "driver"), "Driver names must not contain line breaks");
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
      refused.push({ path: childPath(p, "driver"), rule: "host-namespaces", message: `The "${driver}" network driver would leave the app network; remove it` });
    }
    is.note(`Network ${name} was folded into the app's network: all services of the app share one network`);
    return name;
  });
}

export function parseTopSecrets(v: unknown, kind: "secrets" | "configs", is: Issues, refused: Refusal[]): string[] {
  const what = kind === "secrets" ? "Secret" : "Config";
  const keys = ["file", "environment", "external", "name", "labels", "driver", "driver_opts", "template_driver", ...(kind === "configs" ? ["content"] : [])];
  return entries(v, kind, is, what).map(([name, o, p]) => {
    checkKeys(o, keys, p, is);
    if (o.file !== undefined) {
      // Refused by name only: the path is never resolved, opened or echoed back.
      refused.push({
        path: childPath(p, "file"),
        rule: "file-reference",
        message: `${what} files would be read on the portal's machine; pass the value through the app's variables and environment: instead`,
      });
    }
    if (o.environment !== undefined) {
      refused.push({
        path: childPath(p, "environment"),
        rule: "environment-reference",
        message: `${what} values from environment: would read the portal's own environment; use the app's variables instead`,
      });
    }
    refuseExternal(o, p, kind === "secrets" ? "secret" : "config", is, refused);
    if (o.content !== undefined) {
      refused.push({ path: childPath(p, "content"), rule: "unsupported", message: "Inline configs are not supported yet; pass the value through environment: instead" });
    }
    if ([o.file, o.environment, o.external, o.name, o.content].every((x) => x === undefined)) {
      is.error(p, `${what} needs a source (file, environment, content or external)`);
    }
    return name;
  });
}
