// ─── Security invariant ───────────────────────────────────────────────────────────────────────────
// A bind mount is root on the host unless its source is on the allow-list a platform admin set for
// the environment. Paths are compared after normalization (`..` resolved, no trailing slash), never
// as raw strings, so `/srv/data/../../etc` cannot pass as "under /srv/data". The engine socket is
// refused even when an admin allow-listed a folder that contains it. Host symlinks cannot be seen
// from here; admins must not allow-list folders that tenants can write symlinks into.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import type { VolumeSpec } from "./app-spec";
import { problem, type ErrorDetail } from "@/lib/errors";
import { childPath } from "./issues";

/** Sockets that give full control of the engine (and so of the host). */
const ENGINE_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock"];

/** Absolute POSIX path with `.`/`..` resolved and no trailing slash; undefined if not absolute. */
export function normalizeHostPath(p: string): string | undefined {
  if (!p.startsWith("/") || /[\u0000-\u001f\u007f]/.test(p)) return undefined;
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return "/" + parts.join("/");
}

function isUnder(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(dir + "/");
}

/** Problems with binding host path `source`, as policy details at `path`. */
export function checkBindSource(source: string | undefined, path: string, allowList: string[]): ErrorDetail[] {
  const normalized = source === undefined ? undefined : normalizeHostPath(source);
  if (normalized === undefined) {
    return [
      problem(
        path,
        "composeRules.bindRelative",
        undefined,
        "Bind mounts need an absolute host path; relative paths and ~ are not resolved on the portal. Use a named volume instead",
        "bind-mount",
      ),
    ];
  }
  if (ENGINE_SOCKETS.some((sock) => isUnder(sock, normalized))) {
    return [
      problem(
        path,
        "composeRules.dockerSocket",
        undefined,
        "Mounting the engine socket (or a folder containing it) would give the container control of the host; this is never allowed",
        "docker-socket",
      ),
    ];
  }
  const allowed = allowList.map(normalizeHostPath).filter((a): a is string => a !== undefined);
  if (allowed.some((dir) => isUnder(normalized, dir))) return [];
  if (allowed.length > 0) {
    const dirs = allowed.join(", ");
    return [
      problem(
        path,
        "composeRules.bindNotAllowed",
        { source: normalized, allowed: dirs },
        `Bind mount of ${normalized} is not allowed (allowed here: ${dirs}); use a named volume instead`,
        "bind-mount",
      ),
    ];
  }
  return [
    problem(
      path,
      "composeRules.bindNoneAllowed",
      { source: normalized },
      `Bind mount of ${normalized} is not allowed (this environment allows no host paths); use a named volume instead`,
      "bind-mount",
    ),
  ];
}

const OPTION_PATH = (volume: string, key: string) => childPath(childPath(childPath("volumes", volume), "driver_opts"), key);

/**
 * Named volumes can be binds in disguise: the local driver with `o: bind` or `type: none` and a
 * `device` mounts a host path; other `type`s mount block devices or network shares from the node.
 */
export function checkVolume(v: VolumeSpec, allowList: string[]): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const base = childPath("volumes", v.name);
  if (v.driver !== undefined && v.driver !== "local") {
    out.push(
      problem(
        `${base}.driver`,
        "composeRules.volumeDriver",
        { driver: v.driver.slice(0, 40) },
        `Volume driver "${v.driver.slice(0, 40)}" is not allowed; remove driver: to use the platform's local volumes`,
        "volume-driver",
      ),
    );
  }
  const opts: Record<string, string> = {};
  for (const [k, val] of Object.entries(v.driverOpts)) opts[k.toLowerCase()] = val;
  const mountOptions = (opts.o ?? "").split(",").map((o) => o.trim().toLowerCase());
  const type = opts.type?.toLowerCase();
  const isBind = mountOptions.includes("bind") || mountOptions.includes("rbind") || type === "none";
  if (isBind) {
    out.push(...checkBindSource(opts.device, OPTION_PATH(v.name, "device"), allowList));
  } else if ((type !== undefined && type !== "tmpfs") || (opts.device !== undefined && opts.device !== "tmpfs")) {
    out.push(
      problem(
        OPTION_PATH(v.name, type !== undefined ? "type" : "device"),
        "composeRules.volumeDevice",
        undefined,
        "Volumes that mount devices or network shares on the node are not allowed; remove driver_opts (type: tmpfs is allowed)",
        "volume-driver",
      ),
    );
  }
  return out;
}
