// Files of a running container: list a directory, download a file (its bytes) or a directory (a
// tar), upload a tar or a single file into a directory. Streams end to end; uploads are validated
// and re-built entry by entry before the engine sees them (T23). container.files: not viewers.
import { Readable } from "node:stream";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/policy";
import { engineCall, resolveContainer } from "./resolve-container";
import { containerPath, fileName } from "./paths";
import { TAR_END, readTar, tarHeader, tarPadding } from "./tar";
import { sanitizeTar } from "./sanitize-tar";

export interface FileEntry {
  name: string;
  type: "file" | "dir" | "symlink" | "other";
  size: number;
  mode: number;
  mtime: string;
}

const S_IFMT = 0o170000;
const kindOf = (mode: number): FileEntry["type"] => ({ [0o040000]: "dir", [0o100000]: "file", [0o120000]: "symlink" } as Record<number, FileEntry["type"]>)[mode & S_IFMT] ?? "other";
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
  return items.sort((a, b) => (a.type === "dir") !== (b.type === "dir") ? (a.type === "dir" ? -1 : 1) : a.name.localeCompare(b.name));
}

export async function listContainerFiles({ actor, containerId, path }: { actor: Actor; containerId: unknown; path: unknown }): Promise<{ path: string; items: FileEntry[]; truncated: boolean }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.files" });
  const dir = containerPath(path);
  // The path is an argument ($1), never part of the script text.
  const script = `cd -- "$1" 2>/dev/null || { echo nodir >&2; exit 2; }; n=0; for f in * .[!.]* ..?*; do [ -e "$f" ] || [ -L "$f" ] || continue; n=$((n+1)); [ $n -gt ${MAX_LIST} ] && break; stat -c '%f|%s|%Y|%n' -- "$f" 2>/dev/null || exit 127; done`;
  const r = await engineCall(async () => (await c.engine.containerExec(c.engineId, { cmd: ["/bin/sh", "-c", script, "ls", dir] })).collect({ maxBytes: 2 << 20 }));
  if (r.exitCode === 2) throw new AppError("NOT_FOUND", `${dir} is not a directory in this container.`);
  if (r.exitCode === 127 || r.exitCode === 126) throw new AppError("CONFLICT", "This container has no shell or no `stat` to list files; download the directory as tar instead.");
  const items = parseStatLines(r.stdout);
  return { path: dir, items, truncated: items.length >= MAX_LIST };
}

export interface Download {
  kind: "file" | "tar";
  name: string;
  size: number | null;
  body: ReadableStream<Uint8Array>;
}

/** A file: its bytes. A directory (or `asTar`): the engine's tar as it comes. */
export async function downloadContainerPath({ actor, containerId, path, asTar }: { actor: Actor; containerId: unknown; path: unknown; asTar?: boolean }): Promise<Download> {
  const c = await resolveContainer({ actor, containerId, permission: "container.files" });
  const p = containerPath(path);
  const arch = await engineCall(() => c.engine.getArchive(c.engineId, p)).catch((e) => {
    if (e instanceof AppError && e.details?.[0]?.rule === "NOT_RUNNING") throw new AppError("NOT_FOUND", `${p} does not exist in this container.`);
    throw e;
  });
  const isDir = (arch.stat.mode & 0x80000000) !== 0; // Go's os.ModeDir
  const isLink = (arch.stat.mode & 0x08000000) !== 0; // os.ModeSymlink
  const base = p === "/" ? "root" : p.split("/").pop()!;
  if (isDir || asTar) return { kind: "tar", name: `${base}.tar`, size: null, body: Readable.toWeb(arch.stream) as ReadableStream<Uint8Array> };
  if (isLink) {
    arch.stop();
    throw new AppError("CONFLICT", `${p} is a symbolic link to ${arch.stat.linkTarget}; download that path instead.`);
  }
  async function* bytes() {
    let inFile = false;
    try {
      for await (const ev of readTar(arch.stream)) {
        if (ev.kind === "entry") inFile = ev.header.type === "file";
        else if (ev.kind === "data" && inFile) yield ev.chunk;
        else if (ev.kind === "entry-end" && inFile) return;
      }
    } finally {
      arch.stop();
    }
  }
  return { kind: "file", name: base, size: arch.stat.size, body: Readable.toWeb(Readable.from(bytes())) as ReadableStream<Uint8Array> };
}

/** Counts bytes and refuses past the limit, while streaming. */
async function* limited(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    n += chunk.length;
    if (n > max) throw new AppError("VALIDATION", `The upload is larger than the limit of ${Math.round(max / 1024 / 1024)} MiB.`);
    yield chunk;
  }
}

export async function uploadToContainer({ actor, containerId, path, name, body, contentLength }: { actor: Actor; containerId: unknown; path: unknown; name?: unknown; body: ReadableStream<Uint8Array> | null; contentLength: number | null }): Promise<{ path: string; entries: number; bytes: number }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.files" });
  const dir = containerPath(path);
  const max = uploadLimit();
  if (!body) throw new AppError("VALIDATION", "The request has no body.");
  if (contentLength !== null && contentLength > max) throw new AppError("VALIDATION", `The upload is larger than the limit of ${Math.round(max / 1024 / 1024)} MiB.`);
  const stats = { entries: 0, bytes: 0 };
  let failure: unknown;
  async function* tarStream(): AsyncGenerator<Buffer> {
    try {
      if (name !== undefined && name !== null && name !== "") {
        // A single file: the tar is built here, so its one entry is ours by construction.
        const n = fileName(name);
        if (contentLength === null) throw new AppError("VALIDATION", "A single-file upload needs a Content-Length.");
        yield tarHeader({ name: n, size: contentLength, mode: 0o644, mtime: Date.now() / 1000, type: "file" });
        let got = 0;
        for await (const chunk of limited(body!, max)) {
          got += chunk.length;
          if (got > contentLength) throw new AppError("VALIDATION", "The body is longer than its Content-Length.");
          yield Buffer.from(chunk);
        }
        if (got !== contentLength) throw new AppError("VALIDATION", "The body is shorter than its Content-Length.");
        stats.entries = 1;
        stats.bytes = got;
        yield tarPadding(got);
        yield TAR_END;
      } else {
        yield* sanitizeTar(readTar(limited(body!, max)), stats);
      }
    } catch (e) {
      // End the body instead of erroring it: an errored source would leave the engine request
      // waiting for bytes. The engine sees a short archive; the refused entry never reached it.
      failure = e;
    }
  }
  try {
    await engineCall(() => c.engine.putArchive(c.engineId, dir, Readable.from(tarStream()), { noOverwriteDirNonDir: true }));
  } catch (e) {
    if (failure) throw failure;
    if (e instanceof AppError && e.details?.[0]?.rule === "NOT_RUNNING") throw new AppError("NOT_FOUND", `${dir} is not a directory in this container.`);
    throw e;
  }
  if (failure) throw failure;
  await recordAudit(db, { actor, tenantId: c.tenantId, action: "container.files.upload", targetType: "container", targetId: c.id, details: { path: dir, entries: stats.entries, bytes: stats.bytes } });
  return { path: dir, ...stats };
}
