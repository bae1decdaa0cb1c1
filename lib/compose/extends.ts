// Same-file `extends` with Compose's merge rules, and the `!reset` / `!override` tags. Runs on the
// loaded data before interpolation and parsing, so whatever a base service carries is parsed and
// judged by the policy exactly as if it had been written in the extending service. `extends.file`
// is refused by a named rule: the portal reads no files.
//
// Merge rules (Compose Specification, "merge"): mappings are merged key by key, the extending
// service winning; `environment`, `labels` and the like are merged as mappings whichever form
// (list or mapping) each side uses; some sequences are appended without repeats (cap_add, dns …),
// `ports` are appended, `volumes`/`tmpfs` merged by target, `secrets`/`configs` by target;
// everything else (command, entrypoint, healthcheck.test, scalars) is replaced. `!override` on a
// key replaces instead of merging; `!reset` removes the key, inherited value included.

import { childPath, type Issues, type Refusal } from "./issues";
import type { MergeTag } from "./safe-yaml";
import { isObj, type Obj } from "./values";

/** Keys merged as mappings even when written as `KEY=value` lists. */
const KEY_VALUE_KEYS = new Set(["environment", "labels", "annotations", "sysctls", "extra_hosts", "log_opt", "driver_opts", "storage_opt"]);
/** Sequences appended without repeats. */
const APPEND_UNIQUE = new Set([
  "cap_add",
  "cap_drop",
  "dns",
  "dns_opt",
  "dns_search",
  "expose",
  "external_links",
  "links",
  "security_opt",
  "device_cgroup_rules",
  "env_file",
  "label_file",
  "volumes_from",
  "group_add",
  "profiles",
  "constraints",
  "preferences",
  "ports",
]);
/** Sequences merged by an entry's target (or source). */
const MERGE_BY: Record<string, (entry: unknown) => string> = {
  volumes: (e) => (typeof e === "string" ? (e.split(":")[1] ?? e.split(":")[0]) : isObj(e) ? String(e.target ?? "") : JSON.stringify(e)),
  tmpfs: (e) => (typeof e === "string" ? e.split(":")[0] : JSON.stringify(e)),
  devices: (e) => (typeof e === "string" ? (e.split(":")[1] ?? e) : isObj(e) ? String(e.target ?? e.source ?? "") : JSON.stringify(e)),
  secrets: (e) => (typeof e === "string" ? e : isObj(e) ? String(e.target ?? e.source ?? "") : JSON.stringify(e)),
  configs: (e) => (typeof e === "string" ? e : isObj(e) ? String(e.target ?? e.source ?? "") : JSON.stringify(e)),
};
/** Keys whose list form is a set of names and whose mapping form holds per-name options. */
const NAME_SET_KEYS = new Set(["depends_on", "networks"]);

function setKey(o: Obj, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `["A=1", "B"]` → `{ A: "1", B: null }`; `extra_hosts` also splits "host:ip". */
function keyValueMap(key: string, v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out: Obj = {};
  for (const item of v) {
    if (typeof item !== "string") return v; // leave odd shapes to the parser, which names the problem
    const eq = item.indexOf("=");
    const sep = eq < 0 && key === "extra_hosts" ? item.indexOf(":") : eq;
    if (sep < 0) setKey(out, item, null);
    else setKey(out, item.slice(0, sep), item.slice(sep + 1));
  }
  return out;
}

function nameSetMap(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const out: Obj = {};
  for (const item of v) {
    if (typeof item !== "string") return v;
    setKey(out, item, null);
  }
  return out;
}

type Tags = { at: (keys: string[]) => MergeTag | undefined };

function mergeValue(key: string, base: unknown, over: unknown, keys: string[], tags: Tags): unknown {
  if (tags.at(keys) === "override") return over;
  if (KEY_VALUE_KEYS.has(key)) {
    base = keyValueMap(key, base);
    over = keyValueMap(key, over);
  } else if (NAME_SET_KEYS.has(key) && Array.isArray(base) !== Array.isArray(over)) {
    base = nameSetMap(base);
    over = nameSetMap(over);
  }
  if (isObj(base) && isObj(over)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(base)) setKey(out, k, v);
    for (const [k, v] of Object.entries(over)) {
      setKey(out, k, Object.prototype.hasOwnProperty.call(base, k) ? mergeValue(k, base[k], v, [...keys, k], tags) : v);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) {
    if (key === "command" || key === "entrypoint" || key === "test") return over;
    if (APPEND_UNIQUE.has(key) || NAME_SET_KEYS.has(key)) {
      const seen = new Set(base.map((e) => JSON.stringify(e)));
      return [...base, ...over.filter((e) => !seen.has(JSON.stringify(e)))];
    }
    const by = MERGE_BY[key];
    if (by) {
      const overKeys = new Set(over.map(by));
      return [...base.filter((e) => !overKeys.has(by(e))), ...over];
    }
    return over;
  }
  return over;
}

/** Deletes the key at `keys` below `o`, if present. */
function deleteAt(o: Obj, keys: string[]): void {
  let cur: unknown = o;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(cur)) return;
    cur = cur[k];
  }
  if (isObj(cur)) delete cur[keys[keys.length - 1]];
}

export interface ExtendsInput {
  /** The services mapping as loaded (x- keys already dropped). */
  services: Obj;
  /** Key path of the services mapping in the document (["services"], or [] for Compose V1). */
  prefix: string[];
  tags: Map<string, MergeTag>;
}

/**
 * Resolves every service's `extends` (recursively, cycles refused) and applies `!reset`. Returns
 * new service objects; `extends` itself is removed. Refusals (extends.file) are per service.
 */
export function resolveExtends(input: ExtendsInput, is: Issues): { services: Obj; refused: Map<string, Refusal[]> } {
  const { services, prefix } = input;
  const tags: Tags = { at: (keys) => input.tags.get(JSON.stringify([...prefix, ...keys])) };
  const resolved = new Map<string, Obj>();
  const refused = new Map<string, Refusal[]>();
  const visiting = new Set<string>();
  // Paths use the Compose Spec layout also for V1 files (issues.ts).
  const path = (name: string) => childPath("services", name);

  const resolve = (name: string): Obj | undefined => {
    const done = resolved.get(name);
    if (done) return done;
    const raw = services[name];
    if (!isObj(raw)) return undefined;
    if (visiting.has(name)) {
      is.error(childPath(path(name), "extends"), `extends forms a cycle through service ${JSON.stringify(name)}`, "composeProblems.extendsCycle", {
        service: name,
      });
      return undefined;
    }
    visiting.add(name);
    let own: Obj = {};
    for (const [k, v] of Object.entries(raw)) if (k !== "extends") setKey(own, k, v);
    const ext = raw.extends;
    const ep = childPath(path(name), "extends");
    let baseName: string | undefined;
    if (typeof ext === "string") baseName = ext;
    else if (isObj(ext)) {
      for (const k of Object.keys(ext))
        if (k !== "service" && k !== "file")
          is.error(childPath(ep, k), `${JSON.stringify(k.slice(0, 40))} is not a supported Compose key here`, "composeProblems.unknownKey", {
            key: k.slice(0, 40),
          });
      if (ext.file !== undefined) {
        const list = refused.get(name) ?? [];
        list.push({
          path: childPath(ep, "file"),
          rule: "file-reference",
          key: "composeRules.extendsFile",
          message: "extends.file would read another file on the portal's machine; copy the base service into this file and extend it by name",
        });
        refused.set(name, list);
      } else if (typeof ext.service === "string") baseName = ext.service;
      else is.error(childPath(ep, "service"), "extends needs service: <name of a service in this file>", "composeProblems.extendsService");
    } else if (ext !== undefined && ext !== null) is.error(ep, "extends must be a service name or { service: name }", "composeProblems.extendsForm");

    if (baseName !== undefined) {
      if (baseName === name) is.error(ep, "A service cannot extend itself", "composeProblems.extendsSelf");
      else if (!Object.prototype.hasOwnProperty.call(services, baseName))
        is.error(ep, `Service ${JSON.stringify(baseName)} is not defined in this file`, "composeProblems.undefinedService", { service: baseName });
      else {
        const base = resolve(baseName);
        if (base) {
          const merged: Obj = {};
          for (const [k, v] of Object.entries(base)) setKey(merged, k, v);
          for (const [k, v] of Object.entries(own)) {
            setKey(merged, k, Object.prototype.hasOwnProperty.call(base, k) ? mergeValue(k, base[k], v, [name, k], tags) : v);
          }
          own = merged;
        }
      }
    }
    // `!reset` removes the key, whatever the base gave it (on a copy: values may be shared with the base).
    const resets: string[][] = [];
    for (const [json, tag] of input.tags) {
      const keys = JSON.parse(json) as string[];
      if (tag === "reset" && keys.length > prefix.length + 1 && prefix.every((p, i) => keys[i] === p) && keys[prefix.length] === name) {
        resets.push(keys.slice(prefix.length + 1));
      }
    }
    if (resets.length > 0) {
      own = structuredClone(own);
      for (const keys of resets) deleteAt(own, keys);
    }
    visiting.delete(name);
    resolved.set(name, own);
    return own;
  };

  const out: Obj = {};
  for (const name of Object.keys(services)) {
    const r = resolve(name);
    setKey(out, name, r ?? services[name]);
  }
  return { services: out, refused };
}
