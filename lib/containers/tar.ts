// Tar plumbing on the maintained `tar-stream` parser (extract) and writer (pack), for T23/T35.
// Nothing here forwards bytes it did not parse: `rebuildTar` reads entries with tar-stream, asks a
// policy what each one becomes (a clean file or directory, nothing, or a refusal), and writes a
// fresh archive with tar-stream's packer from that answer and the entry's data alone. Original
// headers, padding, extended (pax/GNU) records and anything the parser skipped never reach the
// output. Every error the parser or writer raises leaves here as a user-safe AppError.
import { extract, pack, type Header, type Pack } from "tar-stream";
import { appError, AppError, isAppError, problem } from "@/lib/errors";

/** A header as tar-stream parses it: long names and pax records already applied. Its types lie a
 *  little: `type` is null for a typeflag it does not know, `linkname` null when empty. */
export type ParsedHeader = Omit<Header, "type" | "linkname" | "pax"> & {
  type: Header["type"] | "pax-header" | "pax-global-header" | "gnu-long-path" | "gnu-long-link-path" | null;
  linkname: string | null;
  pax?: Record<string, string> | null;
};

/** What a policy lets through: a regular file or a directory, with nothing else to carry over. */
export interface CleanEntry {
  name: string;
  type: "file" | "directory";
  /** Permission bits only (≤ 0o777): never setuid, setgid or sticky. */
  mode: number;
  mtime: Date;
  /** Data bytes (0 for a directory). */
  size: number;
}

/** Returns the entry to write, `null` to drop it (its data is read and discarded), or throws. */
export type TarPolicy = (header: ParsedHeader) => CleanEntry | null;

const MSG = {
  checksum: "The upload is not a valid uncompressed tar archive (a header checksum is wrong).",
  format: "The upload is not a tar archive in a supported format (ustar, pax or GNU).",
  truncated: "The tar archive is truncated.",
  metaTooLarge: "An extended header in the tar archive is too large.",
  invalid: "The tar archive could not be read: a header is invalid.",
  longer: "The body is longer than its Content-Length.",
  shorter: "The body is shorter than its Content-Length.",
  unreadable: "The archive could not be read completely.",
} as const;

/** `name`: the MSG entry, whose catalog message is `containerErrors.tar.<name>`. */
const bad = (name: keyof typeof MSG, cause?: unknown) =>
  appError("VALIDATION", `containerErrors.tar.${name}`, undefined, MSG[name], {
    details: [problem("archive", `containerErrors.tar.${name}`, undefined, MSG[name], "T23")],
    cause,
  });

/** Maps whatever the parser, the writer or the source threw to a user-safe AppError. */
export function tarError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const m = e instanceof Error ? e.message : "";
  if (/checksum|corrupted|gunzip/i.test(m)) return bad("checksum");
  if (/unknown format/i.test(m)) return bad("format");
  if (/unexpected end/i.test(m)) return bad("truncated");
  if (/exceeds max size/i.test(m)) return bad("metaTooLarge");
  if (/invalid header|size mismatch/i.test(m)) return bad("invalid");
  return bad("unreadable", e);
}

interface StreamLike {
  on(ev: string, fn: () => void): unknown;
  off(ev: string, fn: () => void): unknown;
  destroying?: boolean;
  destroyed?: boolean;
}
/** Resolves on 'drain' or when the stream closes (a destroyed stream never drains). */
function drained(s: StreamLike): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off("drain", done);
      s.off("close", done);
      resolve();
    };
    s.on("drain", done);
    s.on("close", done);
  });
}

// Errors reach the caller through the iterators and callbacks; an 'error' event with no listener
// would be thrown out of the event loop instead.
const noop = () => undefined;

const asBuffer = (c: Uint8Array) => (Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength));

/** Writes `source` into the extractor with backpressure; a source error destroys the extractor. */
async function feed(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, ex: ReturnType<typeof extract>): Promise<void> {
  const s = ex as unknown as StreamLike;
  try {
    for await (const chunk of source) {
      if (s.destroying) return;
      if (!ex.write(asBuffer(chunk))) {
        if (s.destroying) return;
        await drained(s);
      }
    }
    if (!s.destroying) ex.end(undefined);
  } catch (e) {
    ex.destroy(tarError(e));
  }
}

/**
 * Runs `fill` against a fresh packer and yields the packer's output. The first error of `fill`
 * (or of the packer) is what the generator throws; a consumer that stops early aborts `fill`.
 */
async function* packed(fill: (pk: Pack, signal: AbortSignal) => Promise<void>): AsyncGenerator<Buffer> {
  const pk = pack();
  const stop = new AbortController();
  let failure: AppError | null = null;
  const work = fill(pk, stop.signal).then(
    () => pk.finalize(),
    (e) => {
      failure ??= tarError(e);
      pk.destroy();
    },
  );
  let complete = false;
  try {
    for await (const chunk of pk) yield chunk as Buffer;
    complete = true;
  } catch (e) {
    failure ??= tarError(e);
  } finally {
    if (!complete) {
      stop.abort();
      pk.destroy();
    }
  }
  await work;
  if (failure) throw failure;
}

/** Adds one file to `pk`, streaming exactly `entry.size` bytes of `data`. */
function packFileEntry(pk: Pack, entry: CleanEntry, data: AsyncIterable<Uint8Array>, onBytes?: (n: number) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sink = pk.entry({ name: entry.name, type: "file", size: entry.size, mode: entry.mode, mtime: entry.mtime, uid: 0, gid: 0 }, (err) =>
      err ? reject(err) : resolve(),
    );
    sink.on("error", noop); // reported through the entry callback and the packer
    (async () => {
      let got = 0;
      for await (const chunk of data) {
        got += chunk.length;
        if (got > entry.size) throw bad("longer");
        onBytes?.(chunk.length);
        if (!sink.write(asBuffer(chunk))) await drained(sink as unknown as StreamLike);
      }
      if (got !== entry.size) throw bad("shorter");
      sink.end(undefined);
    })().catch((e) => {
      reject(e);
      sink.destroy(e);
    });
  });
}

/**
 * Parses `source` and yields a new archive holding only what `policy` returns, rebuilt field by
 * field (owner 0:0, no user or group names, no links, no device numbers, no extended records).
 */
export function rebuildTar(source: AsyncIterable<Uint8Array>, policy: TarPolicy, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  return packed(async (pk, signal) => {
    const ex = extract();
    ex.on("error", noop);
    signal.addEventListener("abort", () => ex.destroy());
    const feeding = feed(source, ex);
    try {
      for await (const entry of ex) {
        const h = entry.header as unknown as ParsedHeader;
        const out = policy(h);
        // tar-stream (like the engine's Go reader) gives a directory no data stream: whatever a
        // directory declares is parsed as further headers. Policies refuse such directories.
        const hasData = h.type !== "directory" && (h.size ?? 0) > 0;
        if (out === null) {
          if (hasData) for await (const _ of entry) void _;
        } else if (out.type === "directory") {
          pk.entry({ name: `${out.name}/`, type: "directory", mode: out.mode, mtime: out.mtime, uid: 0, gid: 0 });
        } else if (hasData) {
          await packFileEntry(pk, out, entry as AsyncIterable<Uint8Array>, onBytes);
        } else {
          await packFileEntry(pk, { ...out, size: 0 }, (async function* () {})(), onBytes);
        }
      }
    } catch (e) {
      // Not waiting for the feeder: it stops at its next chunk, and a stalled source must not
      // delay the refusal.
      ex.destroy();
      throw e;
    }
    await feeding;
  });
}

/** An archive of one file whose bytes are `data` (exactly `entry.size` of them). */
export function packSingleFile(entry: CleanEntry, data: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  return packed(async (pk) => packFileEntry(pk, entry, data));
}

/** The bytes of the first entry of `source` if it is a regular file; nothing otherwise. */
export async function* firstFileBytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const ex = extract();
  ex.on("error", noop);
  void feed(source, ex);
  try {
    for await (const entry of ex) {
      const t = entry.header.type;
      if ((t === "file" || t === "contiguous-file") && (entry.header.size ?? 0) > 0) {
        for await (const chunk of entry) yield chunk as Buffer;
      }
      return;
    }
  } catch (e) {
    throw tarError(e);
  } finally {
    ex.destroy();
  }
}

/** Compressed formats by their magic bytes: refused with a clear message, never guessed at. */
const COMPRESSED: [string, number[]][] = [
  ["gzip", [0x1f, 0x8b]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
  ["zip", [0x50, 0x4b, 0x03, 0x04]],
  ["7z", [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ["lz4", [0x04, 0x22, 0x4d, 0x18]],
];

/** Passes `source` through after checking its first bytes are not a compressed format. */
export async function* uncompressedOnly(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let head: Buffer | null = Buffer.alloc(0);
  for await (const chunk of source) {
    if (head === null) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, asBuffer(chunk)]);
    if (head.length < 6) continue;
    checkMagic(head);
    yield head;
    head = null;
  }
  if (head?.length) {
    checkMagic(head);
    yield head;
  }
}

function checkMagic(head: Buffer): void {
  for (const [kind, magic] of COMPRESSED) {
    if (magic.every((b, i) => head[i] === b)) {
      const message = `Compressed archives (${kind}) are not accepted: upload an uncompressed .tar.`;
      throw appError("VALIDATION", "containerErrors.tar.compressed", { kind }, message, {
        details: [problem("archive", "containerErrors.tar.compressed", { kind }, message, "T23")],
      });
    }
  }
}

/**
 * The regular files of an in-memory archive (a `docker save` tarball), by name with any leading
 * "./" removed, parsed by tar-stream. Links, devices and directories are skipped, never followed;
 * more than `maxEntries` entries is a refusal. The file bytes are kept as they are: they are
 * looked up by exact name, never written to a filesystem.
 */
export async function readTarFiles(archive: Buffer, { maxEntries = 10_000 }: { maxEntries?: number } = {}): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  ex.on("error", noop);
  void feed([archive], ex);
  let n = 0;
  try {
    for await (const entry of ex) {
      if (++n > maxEntries)
        throw appError("VALIDATION", "containerErrors.tar.tooMany", { max: maxEntries }, `The archive holds more than ${maxEntries} entries.`, {
          details: [problem("archive", "containerErrors.tar.tooMany", { max: maxEntries }, `The archive holds more than ${maxEntries} entries.`, "T23")],
        });
      const { type, size, name } = entry.header;
      if (type === "directory" || !size) continue; // no data stream to read
      const parts: Buffer[] = [];
      for await (const chunk of entry) parts.push(chunk as Buffer);
      if (type !== "file" && type !== "contiguous-file") continue; // read past, never kept
      files.set(name.replace(/^(\.\/)+/, ""), parts.length === 1 ? parts[0] : Buffer.concat(parts));
    }
  } catch (e) {
    throw tarError(e);
  } finally {
    ex.destroy();
  }
  return files;
}
