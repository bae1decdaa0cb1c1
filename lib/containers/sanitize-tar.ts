// ─── Security invariant (T23, T35) ─────────────────────────────────────────────────────────────
// An archive crossing the portal is never passed through: `tar-stream` parses it and a new archive
// is written from the parsed entries alone (tar.ts), so no original header, padding or data byte
// can be read by the engine — or by the user's tar — as an entry of its own.
// Uploads (user → engine) are refused whole, with nothing written to the container (the rebuilt
// archive is spooled and sent only once it is complete), when any entry is:
//   - a symlink or a hard link (all links are refused, even ones that would resolve inside the
//     target: a link is how an archive escapes its directory), a character or block device, a
//     FIFO, or any other type than a regular file or a directory;
//   - a directory that declares data (the bytes would be parsed as further entries);
//   - named outside the target (absolute, `..`, backslash, control characters; paths.ts), or with
//     a name over 4096 bytes or a segment over 255 bytes;
//   - carried by a pax record other than path/size/times/owner/comment/charset/xattr metadata
//     (`linkpath`, `GNU.sparse.*` and unknown keys are refused; the rest is dropped, not copied);
//   - beyond the entry cap (MAX_ENTRIES) or the byte cap (CAAS_UPLOAD_MAX_BYTES): a declared size
//     over what is left of the budget is refused from its header, before any of its data is read;
//   - in a compressed container format (gzip, bzip2, xz, zstd, zip, 7z, lz4): uncompressed tar only.
// What is written: mode & 0o777 (no setuid, setgid or sticky), owner 0:0 with no user or group
// names (the engine maps them into the container's user space), the entry's mtime, nothing else.
// Downloads (engine → user) get the same rebuild in reverse, as a stream: files and directories
// are kept (same mode and owner rules); symlinks, hard links, devices, FIFOs and names that are
// not plain relative paths are dropped, never followed and never written — so a download holds
// no link at all, inside the requested path or out of it. A directory that declares data ends
// the download with an error. The engine itself resolves the target path inside the container's
// root (its own chroot), so links already in the container cannot take an upload out of it.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { appError, problem, type MessageParams } from "@/lib/errors";
import { entryName } from "./paths";
import { rebuildTar, uncompressedOnly, type CleanEntry, type ParsedHeader } from "./tar";

export const MAX_ENTRIES = 10_000;

export interface UploadLimits {
  /** Total data bytes of all files (CAAS_UPLOAD_MAX_BYTES). */
  maxBytes: number;
  maxEntries?: number;
}
export interface UploadStats {
  entries: number;
  bytes: number;
}

const MSG = {
  link: (name: string, target: string) => `Links are not allowed in uploads ("${name}" → "${target}"); upload the file itself.`,
  special: (name: string, type: string) => `Only files and directories may be uploaded; "${name}" is a ${type}.`,
  unsupported: (name: string) => `"${name}" has an entry type this portal does not accept; only files and directories may be uploaded.`,
  dirData: (name: string) => `The directory entry "${name}" declares data bytes; a directory entry must be empty.`,
  pax: (key: string) => `The archive uses the extended header "${key.slice(0, 60)}", which is not accepted.`,
  tooMany: (max: number) => `An upload may hold at most ${max} entries.`,
  tooLarge: (name: string, max: number) => `"${name}" would take the upload past the limit of ${mib(max)}.`,
  size: (name: string) => `"${name}" declares an invalid size.`,
  noName: "A file entry in the archive has no name.",
} as const;

const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`;
const show = (s: string | null | undefined) =>
  String(s ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, "?")
    .slice(0, 80);
/** `name`: the MSG entry, whose catalog message is `containerErrors.upload.<name>`. */
const refuse = (name: keyof typeof MSG, params: MessageParams, message: string, rule = "T23") =>
  appError("VALIDATION", `containerErrors.upload.${name}`, params, message, {
    details: [problem("archive", `containerErrors.upload.${name}`, params, message, rule)],
  });

const SPECIAL: Record<string, string> = { "character-device": "character device", "block-device": "block device", fifo: "FIFO" };

/** Pax keys whose meaning is applied by the parser (path, size) or that are metadata we drop. */
const PAX_KEYS = new Set(["path", "size", "mtime", "atime", "ctime", "uid", "gid", "uname", "gname", "comment", "charset", "hdrcharset"]);
const PAX_PREFIXES = [
  "SCHILY.xattr.",
  "LIBARCHIVE.xattr.",
  "SCHILY.acl.",
  "SCHILY.fflags",
  "SCHILY.dev",
  "SCHILY.ino",
  "SCHILY.nlink",
  "LIBARCHIVE.creationtime",
];
export function paxKeyAccepted(key: string): boolean {
  return PAX_KEYS.has(key) || PAX_PREFIXES.some((p) => key.startsWith(p));
}

const MAX_MTIME_S = 0x7fffffff;
function cleanTime(d: Date | undefined): Date {
  const s = d ? Math.floor(d.getTime() / 1000) : 0;
  return new Date((Number.isFinite(s) ? Math.min(Math.max(s, 0), MAX_MTIME_S) : 0) * 1000);
}
const perms = (mode: number | undefined) => (mode ?? 0) & 0o777;

/** The upload policy: one clean entry per accepted header, a refusal (AppError) otherwise. */
export function uploadPolicy(limits: UploadLimits, stats: UploadStats): (h: ParsedHeader) => CleanEntry | null {
  const maxEntries = limits.maxEntries ?? MAX_ENTRIES;
  let seen = 0;
  return (h) => {
    const label = show(h.name);
    for (const key of Object.keys(h.pax ?? {})) if (!paxKeyAccepted(key)) throw refuse("pax", { key: key.slice(0, 60) }, MSG.pax(key), "T35");
    if (h.type === "symlink" || h.type === "link") throw refuse("link", { name: label, target: show(h.linkname) }, MSG.link(label, show(h.linkname)), "T35");
    if (h.type && SPECIAL[h.type]) throw refuse("special", { name: label, type: SPECIAL[h.type] }, MSG.special(label, SPECIAL[h.type]), "T35");
    if (h.type !== "file" && h.type !== "contiguous-file" && h.type !== "directory")
      throw refuse("unsupported", { name: label }, MSG.unsupported(label), "T35");
    if (h.linkname) throw refuse("link", { name: label, target: show(h.linkname) }, MSG.link(label, show(h.linkname)), "T35");
    if (++seen > maxEntries) throw refuse("tooMany", { max: maxEntries }, MSG.tooMany(maxEntries), "T35");
    const size = h.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 0) throw refuse("size", { name: label }, MSG.size(label), "T35");
    const name = entryName(h.name);
    if (h.type === "directory") {
      if (size > 0) throw refuse("dirData", { name: label }, MSG.dirData(label), "T35");
      if (!name) return null; // "./": the target directory exists already
      stats.entries++;
      return { name, type: "directory", mode: perms(h.mode), mtime: cleanTime(h.mtime), size: 0 };
    }
    if (!name) throw refuse("noName", {}, MSG.noName);
    if (size > limits.maxBytes - stats.bytes)
      throw refuse("tooLarge", { name: label, mib: Math.round(limits.maxBytes / 1024 / 1024) }, MSG.tooLarge(label, limits.maxBytes), "T35");
    stats.entries++;
    stats.bytes += size;
    return { name, type: "file", mode: perms(h.mode), mtime: cleanTime(h.mtime), size };
  };
}

/** An uploaded archive, rebuilt; throws (AppError) on the first entry the policy refuses. */
export function sanitizeUpload(source: AsyncIterable<Uint8Array>, limits: UploadLimits, stats: UploadStats): AsyncGenerator<Buffer> {
  return rebuildTar(uncompressedOnly(source), uploadPolicy(limits, stats));
}

/** The download policy: files and directories kept (cleaned), everything else dropped. */
export function downloadPolicy(h: ParsedHeader): CleanEntry | null {
  if (h.type !== "file" && h.type !== "contiguous-file" && h.type !== "directory") return null;
  if (h.type === "directory" && (h.size ?? 0) > 0) throw refuse("dirData", { name: show(h.name) }, MSG.dirData(show(h.name)), "T35");
  let name: string;
  try {
    // The engine names entries after the requested path's last segment; a leading "/" (for "/")
    // is made relative, never kept.
    name = entryName(h.name.replace(/^\/+/, ""));
  } catch {
    return null;
  }
  if (!name) return null;
  if (h.type === "directory") return { name, type: "directory", mode: perms(h.mode), mtime: cleanTime(h.mtime), size: 0 };
  return { name, type: "file", mode: perms(h.mode), mtime: cleanTime(h.mtime), size: h.size ?? 0 };
}

/** The engine's archive of a path, rebuilt for the user (see the invariant above). */
export function sanitizeDownload(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  return rebuildTar(source, downloadPolicy);
}
