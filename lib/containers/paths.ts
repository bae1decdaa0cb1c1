// ─── Security invariant (T23) ──────────────────────────────────────────────────────────────────
// Paths a client sends are normalized here: the target directory is an absolute, `..`-free path;
// an entry name inside an upload is a relative, `..`-free path under it. A name that would climb
// out (`../x`, `/etc/passwd`, `a/../../x`) is refused, never "fixed" into something else. Entry
// names are bounded: at most MAX_NAME_BYTES in all and MAX_SEGMENT_BYTES per segment.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { appError, AppError, problem, type MessageParams } from "@/lib/errors";

function bad(path: string, key: string, message: string, params?: MessageParams): AppError {
  return appError("VALIDATION", key, params, message, { details: [problem(path, key, params, message)] });
}

const CONTROL = /[\u0000-\u001f\u007f]/;
export const MAX_NAME_BYTES = 4096;
export const MAX_SEGMENT_BYTES = 255;

/** A container path from `?path=`: absolute, normalized, no `..` segment, no control characters. */
export function containerPath(raw: unknown, field = "path"): string {
  if (typeof raw !== "string" || raw.length === 0) throw bad(field, "containerErrors.path.missing", "Give an absolute path inside the container, e.g. /tmp.");
  if (raw.length > 4096 || CONTROL.test(raw)) throw bad(field, "containerErrors.path.tooLong", "The path is too long or has control characters.");
  if (!raw.startsWith("/")) throw bad(field, "containerErrors.path.relative", "The path must be absolute (start with /).");
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) throw bad(field, "containerErrors.path.dotDot", "The path may not contain '..'.");
  return "/" + parts.join("/");
}

/** An entry name inside an uploaded archive (or `?name=`): relative, normalized, confined. */
export function entryName(raw: string, field = "archive"): string {
  if (CONTROL.test(raw) || Buffer.byteLength(raw) > MAX_NAME_BYTES)
    throw bad(field, "containerErrors.path.entryTooLong", "An entry name has control characters or is too long.");
  if (raw.startsWith("/") || /^[A-Za-z]:[\\/]/.test(raw))
    throw bad(field, "containerErrors.path.entryAbsolute", `Absolute paths are not allowed in uploads: "${raw.slice(0, 80)}".`, { name: raw.slice(0, 80) });
  if (raw.includes("\\"))
    throw bad(field, "containerErrors.path.entryBackslash", `Backslashes are not allowed in entry names: "${raw.slice(0, 80)}".`, { name: raw.slice(0, 80) });
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === ".."))
    throw bad(field, "containerErrors.path.entryEscapes", `Entry "${raw.slice(0, 80)}" would leave the target directory.`, { name: raw.slice(0, 80) });
  if (parts.some((p) => Buffer.byteLength(p) > MAX_SEGMENT_BYTES))
    throw bad(field, "containerErrors.path.entrySegment", `Entry "${raw.slice(0, 80)}…" has a name segment longer than ${MAX_SEGMENT_BYTES} bytes.`, {
      name: raw.slice(0, 80),
      max: MAX_SEGMENT_BYTES,
    });
  return parts.join("/");
}

/** A single file name for `?name=`: one segment. */
export function fileName(raw: unknown): string {
  if (typeof raw !== "string" || !raw) throw bad("name", "containerErrors.path.noFileName", "Give the file name.");
  const n = entryName(raw, "name");
  if (!n || n.includes("/")) throw bad("name", "containerErrors.path.fileNameSlash", "The name is one file name, without '/'.");
  return n;
}
