// Files of a running container: list a directory, download a file (its bytes) or a directory (a
// tar), upload a tar or a single file into a directory. container.files: not viewers.
// Archives are rebuilt from parsed entries both ways (sanitize-tar.ts, T23/T35): a download is
// rebuilt as it streams; an upload is rebuilt into a spool and sent to the engine only once all of
// it has been accepted, so a refused upload writes nothing to the container.
import { Readable } from "node:stream";
import { db } from "@/lib/db";
import { appError, isAppError, problem } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/policy";
import { engineCall, resolveContainer } from "./resolve-container";
import { containerPath, fileName } from "./paths";
import { firstFileBytes, packSingleFile } from "./tar";
import { sanitizeDownload, sanitizeUpload } from "./sanitize-tar";
import { createSpool } from "./spool";

export interface FileEntry {
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mode: number;
  mtime: string;
}

const S_IFMT = 0o170000;
const kindOf = (mode: number): FileEntry["type"] =>
  (({ [0o040000]: "dir", [0o100000]: "file", [0o120000]: "symlink" }) as Record<number, FileEntry["type"]>)[mode & S_IFMT] ?? "other";
const MAX_LIST = 5000;

export function uploadLimit(): number {
  return Number(process.env.CAAS_UPLOAD_MAX_BYTES || 100 * 1024 * 1024);
}

/** Parses `stat -c '%f|%s|%Y|%n'` lines. */
export function parseStatLines(out: string): FileEntry[] {
  const items: FileEntry[] = [];
  for (const line of out.split("\n")) {
    const m = /^([0-9a-f]+)\|(\d+)\|(\d+)\|(.*)$/.exec(line);
    if (!m) continue;
    const mode = parseInt(m[1], 16);
    items.push({ name: m[4], type: kindOf(mode), size: Number(m[2]), mode: mode & 0o7777, mtime: new Date(Number(m[3]) * 1000).toISOString() });
  }
  return items.sort((a, b) => ((a.type === "dir") !== (b.type === "dir") ? (a.type === "dir" ? -1 : 1) : a.name.localeCompare(b.name)));
}

export async function listContainerFiles({
  actor,
  containerId,
  path,
}: {
  actor: Actor;
  containerId: unknown;
  path: unknown;
}): Promise<{ path: string; items: FileEntry[]; truncated: boolean }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.files" });
  const dir = containerPath(path);
  // The path is an argument ($1), never part of the script text.
  const script = `cd -- "$1" 2>/dev/null || { echo nodir >&2; exit 2; }; n=0; for f in * .[!.]* ..?*; do [ -e "$f" ] || [ -L "$f" ] || continue; n=$((n+1)); [ $n -gt ${MAX_LIST} ] && break; stat -c '%f|%s|%Y|%n' -- "$f" 2>/dev/null || exit 127; done`;
  const run = () =>
    engineCall(async () => (await c.engine.containerExec(c.engineId, { cmd: ["/bin/sh", "-c", script, "ls", dir] })).collect({ maxBytes: 2 << 20 }));
  // No exit code means the output ended before the engine recorded the end of the command (a
  // dropped connection under load): what was read may be partial, so it is not shown as a listing.
  let r = await run();
  if (r.exitCode === null) {
    console.warn(`[files] listing ${dir} in ${c.engineId.slice(0, 12)} ended without an exit code; trying once more`);
    r = await run();
  }
  if (r.exitCode === null)
    throw appError("CONFLICT", "containerErrors.listingIncomplete", undefined, "The engine did not finish listing this directory; try again.");
  if (r.exitCode === 2) throw notADirectory(dir);
  if (r.exitCode === 127 || r.exitCode === 126)
    throw appError(
      "CONFLICT",
      "containerErrors.noStat",
      undefined,
      "This container has no shell or no `stat` to list files; download the directory as tar instead.",
    );
  const items = parseStatLines(r.stdout);
  return { path: dir, items, truncated: items.length >= MAX_LIST };
}

export interface Download {
  kind: "file" | "tar";
  name: string;
  size: number | null;
  body: ReadableStream<Uint8Array>;
}

// Go's os.FileMode bits in the engine's path stat.
const MODE_DIR = 0x80000000;
const MODE_SYMLINK = 0x08000000;
const MODE_NOT_REGULAR = 0x04000000 | 0x02000000 | 0x01000000 | 0x00200000 | 0x00080000; // device, pipe, socket, char device, irregular

/** A file: its bytes. A directory (or `asTar`): the engine's tar, rebuilt (files and directories only). */
export async function downloadContainerPath({
  actor,
  containerId,
  path,
  asTar,
}: {
  actor: Actor;
  containerId: unknown;
  path: unknown;
  asTar?: boolean;
}): Promise<Download> {
  const c = await resolveContainer({ actor, containerId, permission: "container.files" });
  const p = containerPath(path);
  const arch = await engineCall(() => c.engine.getArchive(c.engineId, p)).catch((e) => {
    if (isAppError(e) && e.details?.[0]?.rule === "NOT_RUNNING")
      throw appError("NOT_FOUND", "containerErrors.noSuchPath", { path: p }, `${p} does not exist in this container.`);
    throw e;
  });
  const isDir = (arch.stat.mode & MODE_DIR) !== 0;
  const isLink = (arch.stat.mode & MODE_SYMLINK) !== 0;
  const base = p === "/" ? "root" : p.split("/").pop()!;
  // Ends the engine's response by destroying it: aborting the request (arch.stop) once the
  // response has been read would raise an AbortError nobody listens for.
  const release = () => {
    if (!arch.stream.destroyed) arch.stream.destroy();
  };
  async function* guarded(inner: AsyncIterable<Buffer>) {
    try {
      yield* inner;
    } finally {
      release();
    }
  }
  const web = (g: AsyncIterable<Buffer>) => Readable.toWeb(Readable.from(guarded(g))) as ReadableStream<Uint8Array>;
  if (isDir || asTar) return { kind: "tar", name: `${base}.tar`, size: null, body: web(sanitizeDownload(arch.stream)) };
  if (isLink || (arch.stat.mode & MODE_NOT_REGULAR) !== 0) {
    release();
    if (isLink) throw appError("CONFLICT", "containerErrors.symlink", { path: p }, `${p} is a symbolic link; download the path it points to instead.`);
    throw appError("CONFLICT", "containerErrors.notRegular", { path: p }, `${p} is not a regular file or a directory; it cannot be downloaded.`);
  }
  return { kind: "file", name: base, size: arch.stat.size, body: web(firstFileBytes(arch.stream)) };
}

const notADirectory = (dir: string) => appError("NOT_FOUND", "containerErrors.notADirectory", { path: dir }, `${dir} is not a directory in this container.`);

const tooLarge = (max: number) =>
  appError(
    "VALIDATION",
    "containerErrors.uploadTooLarge",
    { mib: Math.round(max / 1024 / 1024) },
    `The upload is larger than the limit of ${Math.round(max / 1024 / 1024)} MiB.`,
    {
      details: [problem("body", "fieldErrors.tooLarge", undefined, "too large")],
    },
  );

/** The request body as chunks, refused past `max` bytes; `read.bytes` counts what was read. */
function bodyChunks(reader: ReadableStreamDefaultReader<Uint8Array>, max: number) {
  const read = { bytes: 0 };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read.bytes += value.length;
      if (read.bytes > max) throw tooLarge(max);
      yield value;
    }
  }
  return { read, chunks: chunks() };
}

/**
 * After a refusal, reads and discards what the client still sends (up to the same byte limit, for
 * a few seconds) so it receives the error instead of a reset connection; then cancels the body.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, read: { bytes: number }, max: number, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  try {
    while (read.bytes <= max && Date.now() < deadline) {
      const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(0, deadline - Date.now())).unref())]);
      if (!next || next.done) break;
      read.bytes += next.value.length;
    }
  } catch {
    /* the client went away: nothing left to discard */
  }
  await reader.cancel().catch(() => undefined);
}

export async function uploadToContainer({
  actor,
  containerId,
  path,
  name,
  body,
  contentLength,
}: {
  actor: Actor;
  containerId: unknown;
  path: unknown;
  name?: unknown;
  body: ReadableStream<Uint8Array> | null;
  contentLength: number | null;
}): Promise<{ path: string; entries: number; bytes: number }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.files" });
  const dir = containerPath(path);
  const max = uploadLimit();
  if (!body) throw appError("VALIDATION", "containerErrors.noBody", undefined, "The request has no body.");
  if (contentLength !== null && !(Number.isSafeInteger(contentLength) && contentLength >= 0))
    throw appError("VALIDATION", "containerErrors.badContentLength", undefined, "The Content-Length header is not a valid byte count.", {
      details: [problem("content-length", "fieldErrors.invalid", undefined, "invalid")],
    });
  if (contentLength !== null && contentLength > max) throw tooLarge(max);
  const single = name !== undefined && name !== null && name !== "";
  // A single file: the archive is built here, so its one entry is ours by construction.
  const file = single ? fileName(name) : "";
  if (single && contentLength === null)
    throw appError("VALIDATION", "containerErrors.needsContentLength", undefined, "A single-file upload needs a Content-Length.", {
      details: [problem("content-length", "fieldErrors.missing", undefined, "missing")],
    });
  const stats = { entries: 0, bytes: 0 };
  const reader = body.getReader();
  const { read, chunks } = bodyChunks(reader, max);
  const spool = await createSpool();
  try {
    const archive = single
      ? packSingleFile({ name: file, type: "file", size: contentLength!, mode: 0o644, mtime: new Date() }, chunks)
      : sanitizeUpload(chunks, { maxBytes: max }, stats);
    try {
      for await (const part of archive) await spool.write(part);
    } catch (e) {
      await discardRest(reader, read, max);
      throw e;
    }
    if (single) Object.assign(stats, { entries: 1, bytes: contentLength! });
    await engineCall(() => c.engine.putArchive(c.engineId, dir, spool.stream(), { noOverwriteDirNonDir: true })).catch((e) => {
      if (isAppError(e) && e.details?.[0]?.rule === "NOT_RUNNING") throw notADirectory(dir);
      throw e;
    });
  } finally {
    await spool.close();
  }
  await recordAudit(db, {
    actor,
    tenantId: c.tenantId,
    action: "container.files.upload",
    targetType: "container",
    targetId: c.id,
    details: { path: dir, entries: stats.entries, bytes: stats.bytes },
  });
  return { path: dir, ...stats };
}
