// Service mounts (`volumes:` short and long form, `tmpfs:`). Bind sources are kept exactly as
// written, relative ones included: they are never resolved against the portal's own directory
// (docker/cli#6919). The policy decides; anything not absolute and allow-listed is refused there.

import type { MountSpec } from "./app-spec";
import { containerPathProblem, resourceNameProblem } from "./names";
import { childPath, type Issues, type Refusal } from "./issues";
import { readMode } from "./parse-service-refs";
import { checkKeys, isObj, readBool, readBytes, readString, readStringList } from "./values";
import type { MessageParams } from "@/lib/errors";

export type VolumeRef = { name: string; path: string };
/** `paths[i]` is the key path of `mounts[i]`, for errors found later (repeated targets). */
export type MountResult = { mounts: MountSpec[]; paths: string[]; volumeRefs: VolumeRef[] };

function addMount(out: MountResult, path: string, m: MountSpec): void {
  out.mounts.push(m);
  out.paths.push(path);
}

const SAFE_PROPAGATION = ["private", "rprivate"];
const PROPAGATION = ["private", "rprivate", "shared", "rshared", "slave", "rslave"];
const CONSISTENCY = ["consistent", "cached", "delegated"];

function isHostPath(source: string): boolean {
  return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
}

function checkTarget(target: string, path: string, is: Issues): boolean {
  const problem = containerPathProblem(target);
  if (problem) is.report(path, problem);
  return problem === undefined;
}

function refuseBindOption(path: string, refused: Refusal[], message: string, key: string, params?: MessageParams): void {
  refused.push({ path, rule: "bind-mount", message, key, ...(params ? { params } : {}) });
}

function parseShort(s: string, path: string, is: Issues, refused: Refusal[], out: MountResult): void {
  const parts = s.split(":");
  if (parts.length > 3) {
    is.error(path, 'Expected "source:/container/path[:ro]"; Windows paths and extra colons are not supported', "composeProblems.volumeShort");
    return;
  }
  if (parts.length === 1) {
    if (checkTarget(parts[0], path, is)) addMount(out, path, { type: "volume", target: parts[0], readOnly: false });
    return;
  }
  const [source, target, modes = ""] = parts;
  if (!checkTarget(target, path, is)) return;
  const bind = isHostPath(source);
  let readOnly = false;
  let noCopy = false;
  for (const mode of modes.split(",").filter((m) => m !== "")) {
    if (mode === "ro" || mode === "rw") readOnly = mode === "ro";
    else if (mode === "z" || mode === "Z") {
      if (bind) refuseBindOption(path, refused, "SELinux relabelling (z/Z) changes labels on the host; remove it", "composeRules.selinux");
    } else if (mode === "nocopy") {
      if (bind) is.warn(path, '"nocopy" only applies to named volumes; it is ignored', "composeWarnings.nocopy");
      else noCopy = true;
    } else if (CONSISTENCY.includes(mode)) continue;
    else if (PROPAGATION.includes(mode)) {
      if (!SAFE_PROPAGATION.includes(mode))
        refuseBindOption(
          path,
          refused,
          `Mount propagation "${mode}" would let mounts cross between the container and the host; remove it`,
          "composeRules.propagation",
          {
            mode,
          },
        );
    } else
      is.error(path, `Unknown volume mode ${JSON.stringify(mode.slice(0, 40))}; use "ro" or "rw"`, "composeProblems.volumeMode", { mode: mode.slice(0, 40) });
  }
  if (bind) {
    addMount(out, path, { type: "bind", source, target, readOnly });
    return;
  }
  const problem = resourceNameProblem(source, "Volume");
  if (problem) {
    is.error(path, `${problem.message}. Host paths must start with "/" or "./"`, "composeNameErrors.volumeOrHostPath");
    return;
  }
  addMount(out, path, { type: "volume", source, target, readOnly, ...(noCopy ? { noCopy } : {}) });
  out.volumeRefs.push({ name: source, path });
}

const LONG_KEYS = ["type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency"] as const;

function parseLong(o: Record<string, unknown>, path: string, is: Issues, refused: Refusal[], out: MountResult): void {
  checkKeys(o, LONG_KEYS, path, is);
  const type = readString(o.type ?? "volume", childPath(path, "type"), is);
  if (type !== "volume" && type !== "bind" && type !== "tmpfs") {
    if (type !== undefined) is.error(childPath(path, "type"), 'Mount type must be "volume", "bind" or "tmpfs"', "composeProblems.mountType");
    return;
  }
  const target = o.target === undefined ? undefined : readString(o.target, childPath(path, "target"), is);
  if (target === undefined) {
    if (o.target === undefined) is.error(childPath(path, "target"), "A mount needs a target (the container path)", "composeProblems.mountTarget");
    return;
  }
  if (!checkTarget(target, childPath(path, "target"), is)) return;
  const readOnly = o.read_only === undefined ? false : (readBool(o.read_only, childPath(path, "read_only"), is) ?? false);
  const source = o.source === undefined || o.source === null ? undefined : readString(o.source, childPath(path, "source"), is);

  if (o.bind !== undefined) parseBindOptions(o.bind, childPath(path, "bind"), type, is, refused);
  const extra: Partial<MountSpec> = {};
  if (o.volume !== undefined) {
    const vp = childPath(path, "volume");
    if (!isObj(o.volume)) is.error(vp, "Expected a mapping", "composeProblems.expectedMapping");
    else {
      checkKeys(o.volume, ["nocopy", "subpath"], vp, is);
      if (o.volume.nocopy !== undefined && readBool(o.volume.nocopy, childPath(vp, "nocopy"), is)) extra.noCopy = true;
      if (o.volume.subpath !== undefined) {
        is.error(childPath(vp, "subpath"), "volume.subpath is not supported by Swarm services; mount the whole volume", "composeProblems.volumeSubpath");
      }
    }
  }
  if (o.tmpfs !== undefined) {
    const tp = childPath(path, "tmpfs");
    if (!isObj(o.tmpfs)) is.error(tp, "Expected a mapping", "composeProblems.expectedMapping");
    else {
      checkKeys(o.tmpfs, ["size", "mode"], tp, is);
      if (type !== "tmpfs") is.error(tp, 'tmpfs options only apply to type "tmpfs"', "composeProblems.tmpfsOptions");
      if (o.tmpfs.size !== undefined) extra.tmpfsSizeBytes = readBytes(o.tmpfs.size, childPath(tp, "size"), is);
      if (o.tmpfs.mode !== undefined) extra.tmpfsMode = readMode(o.tmpfs.mode, childPath(tp, "mode"), is);
    }
  }
  for (const k of Object.keys(extra) as (keyof MountSpec)[]) if (extra[k] === undefined) delete extra[k];
  if (o.consistency !== undefined) readString(o.consistency, childPath(path, "consistency"), is);

  if (type === "tmpfs") {
    if (source !== undefined) is.error(childPath(path, "source"), "A tmpfs mount has no source", "composeProblems.tmpfsSource");
    addMount(out, path, { type, target, readOnly, ...extra });
  } else if (type === "bind") {
    if (source === undefined || source === "") is.error(childPath(path, "source"), "A bind mount needs a source path", "composeProblems.bindSource");
    else addMount(out, path, { type, source, target, readOnly });
  } else if (source === undefined || source === "") {
    addMount(out, path, { type, target, readOnly, ...(extra.noCopy ? { noCopy: true } : {}) });
  } else {
    const problem = resourceNameProblem(source, "Volume");
    if (problem) is.report(childPath(path, "source"), problem);
    else {
      addMount(out, path, { type, source, target, readOnly, ...(extra.noCopy ? { noCopy: true } : {}) });
      out.volumeRefs.push({ name: source, path: childPath(path, "source") });
    }
  }
}

function parseBindOptions(v: unknown, path: string, type: string, is: Issues, refused: Refusal[]): void {
  if (!isObj(v)) {
    is.error(path, "Expected a mapping", "composeProblems.expectedMapping");
    return;
  }
  checkKeys(v, ["propagation", "create_host_path", "selinux"], path, is);
  if (type !== "bind") is.error(path, 'bind options only apply to type "bind"', "composeProblems.bindOptions");
  if (v.propagation !== undefined) {
    const p = readString(v.propagation, childPath(path, "propagation"), is);
    if (p !== undefined && !SAFE_PROPAGATION.includes(p)) {
      refuseBindOption(
        childPath(path, "propagation"),
        refused,
        `Mount propagation "${p.slice(0, 20)}" would let mounts cross between the container and the host; remove it`,
        "composeRules.propagation",
        { mode: p.slice(0, 20) },
      );
    }
  }
  if (v.selinux !== undefined)
    refuseBindOption(childPath(path, "selinux"), refused, "SELinux relabelling changes labels on the host; remove it", "composeRules.selinux");
  if (v.create_host_path !== undefined) readBool(v.create_host_path, childPath(path, "create_host_path"), is);
}

export function parseVolumes(v: unknown, path: string, is: Issues, refused: Refusal[], out: MountResult): void {
  if (v === null || v === undefined) return;
  if (!Array.isArray(v)) {
    is.error(path, "volumes must be a list", "composeProblems.volumesList");
    return;
  }
  v.forEach((item, i) => {
    const p = childPath(path, i);
    if (typeof item === "string") parseShort(item, p, is, refused, out);
    else if (isObj(item)) parseLong(item, p, is, refused, out);
    else is.error(p, 'A volume must be a string such as "data:/var/lib/data" or a mapping with type/source/target', "composeProblems.volumeForm");
  });
}

/** `tmpfs: /run` or a list, with `:size=64m,mode=1777` mapped; other mount options are ignored. */
export function parseTmpfs(v: unknown, path: string, is: Issues, out: MountResult): void {
  const list = readStringList(v, path, is, true);
  list?.forEach((entry, i) => {
    const p = typeof v === "string" ? path : childPath(path, i);
    const colon = entry.indexOf(":");
    const target = colon < 0 ? entry : entry.slice(0, colon);
    const m: MountSpec = { type: "tmpfs", target, readOnly: false };
    for (const opt of colon < 0
      ? []
      : entry
          .slice(colon + 1)
          .split(",")
          .filter((o) => o !== "")) {
      const [k, val] = opt.split("=", 2);
      if (k === "size" && val !== undefined) m.tmpfsSizeBytes = readBytes(val, p, is);
      else if (k === "mode" && val !== undefined) m.tmpfsMode = readMode(val, p, is);
      else if (k === "ro") m.readOnly = true;
      else if (k !== "rw")
        is.warn(p, `tmpfs option ${JSON.stringify(opt.slice(0, 40))} is ignored; Swarm sets only size and mode`, "composeWarnings.tmpfsOption", {
          option: opt.slice(0, 40),
        });
    }
    for (const k of ["tmpfsSizeBytes", "tmpfsMode"] as const) if (m[k] === undefined) delete m[k];
    if (checkTarget(target, p, is)) addMount(out, p, m);
  });
}
