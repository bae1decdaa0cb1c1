// ─── Security invariant (T35 for catalog imports) ────────────────────────────────────────────────
// A catalog archive (.tar.gz, .tar or .zip) is read in memory by the maintained parsers (tar-stream,
// yauzl) and NEVER extracted to disk: there is no path to escape from. Still, an archive that is not
// a plain set of small regular files is refused as a whole, before anything is imported: a `..` or
// absolute path, a symlink, hard link, device or fifo, an entry larger than MAX_FILE_BYTES (checked
// from the header, before reading its data), more than MAX_ENTRIES entries, or more than
// MAX_TOTAL_BYTES in all. Decompression is bounded by the same totals (no gzip or zip bombs).
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import yauzl from "yauzl";
import { appError, isAppError, problem, type MessageParams } from "@/lib/errors";

export const ARCHIVE_LIMITS = {
  /** The request body (compressed). */
  maxArchiveBytes: 16 * 1024 * 1024,
  maxEntries: 2_000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 32 * 1024 * 1024,
};

export type ArchiveFiles = Map<string, Buffer>;

/** `key`: the problem under `templateErrors.archive` (catalog), `message` its English text. */
const refuse = (key: string, params: MessageParams | undefined, message: string, path = "archive") =>
  appError("VALIDATION", `templateErrors.archive.${key}`, params, message, { details: [problem(path, `templateErrors.archive.${key}`, params, message)] });

/** A relative path inside the archive, normalized, or a refusal naming it. */
export function safeEntryPath(raw: string): string {
  const name = raw.replace(/^(\.\/)+/, "");
  if (!name || name.includes("\0") || name.includes("\\"))
    throw refuse("invalidName", { name: raw.slice(0, 200) }, `Entry "${raw.slice(0, 200)}" has an invalid name.`, raw.slice(0, 200));
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name))
    throw refuse("absolute", { name: raw.slice(0, 200) }, `Entry "${raw.slice(0, 200)}" has an absolute path.`, raw.slice(0, 200));
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === ".."))
    throw refuse("outside", { name: raw.slice(0, 200) }, `Entry "${raw.slice(0, 200)}" points outside the archive (..).`, raw.slice(0, 200));
  return parts.join("/");
}

class Budget {
  entries = 0;
  total = 0;
  constructor(private readonly limits = ARCHIVE_LIMITS) {}
  entry(): void {
    if (++this.entries > this.limits.maxEntries)
      throw refuse("tooMany", { max: this.limits.maxEntries }, `The archive holds more than ${this.limits.maxEntries} entries.`);
  }
  file(name: string, size: number): void {
    if (size > this.limits.maxFileBytes)
      throw refuse(
        "fileTooLarge",
        { name, mib: this.limits.maxFileBytes / 1024 / 1024 },
        `Entry "${name}" is larger than ${this.limits.maxFileBytes / 1024 / 1024} MiB.`,
        name,
      );
    this.total += size;
    if (this.total > this.limits.maxTotalBytes)
      throw refuse(
        "unpacksTooLarge",
        { mib: this.limits.maxTotalBytes / 1024 / 1024 },
        `The archive unpacks to more than ${this.limits.maxTotalBytes / 1024 / 1024} MiB.`,
      );
  }
}

async function readTar(source: Readable, limits: typeof ARCHIVE_LIMITS): Promise<ArchiveFiles> {
  const files: ArchiveFiles = new Map();
  const budget = new Budget(limits);
  const ex = extract();
  source.on("error", (e) => ex.destroy(e));
  source.pipe(ex);
  try {
    for await (const entry of ex) {
      budget.entry();
      const { type, size = 0, name } = entry.header;
      const path = safeEntryPath(name);
      if (type === "directory") {
        entry.resume();
        continue;
      }
      if (type !== "file" && type !== "contiguous-file")
        throw refuse("special", { name: path }, `Entry "${path}" is a ${type ?? "special entry"}; only regular files are accepted.`, path);
      budget.file(path, size);
      const parts: Buffer[] = [];
      let read = 0;
      for await (const chunk of entry) {
        read += (chunk as Buffer).length;
        if (read > size) throw refuse("longer", { name: path }, `Entry "${path}" is longer than its header says.`, path);
        parts.push(chunk as Buffer);
      }
      if (path) files.set(path, Buffer.concat(parts));
    }
  } catch (e) {
    if (isAppError(e)) throw e;
    throw refuse("unreadable", undefined, "The archive could not be read (not a valid .tar.gz, .tar or .zip).");
  } finally {
    ex.destroy();
    source.destroy();
  }
  return files;
}

function readZip(archive: Buffer, limits: typeof ARCHIVE_LIMITS): Promise<ArchiveFiles> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(archive, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(refuse("unreadable", undefined, "The archive could not be read (not a valid .tar.gz, .tar or .zip)."));
      const files: ArchiveFiles = new Map();
      const budget = new Budget(limits);
      const fail = (e: unknown) => {
        zip.close();
        reject(isAppError(e) ? e : refuse("unreadable", undefined, "The archive could not be read (not a valid .tar.gz, .tar or .zip)."));
      };
      if (zip.entryCount > limits.maxEntries)
        return fail(refuse("tooMany", { max: limits.maxEntries }, `The archive holds more than ${limits.maxEntries} entries.`));
      zip.on("error", fail);
      zip.on("end", () => resolve(files));
      zip.on("entry", (entry: yauzl.Entry) => {
        try {
          budget.entry();
          const path = safeEntryPath(entry.fileName);
          const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
          if (entry.fileName.endsWith("/")) return zip.readEntry();
          if (mode !== 0 && mode !== 0o100000)
            throw refuse("special", { name: path }, `Entry "${path}" is a link or special file; only regular files are accepted.`, path);
          budget.file(path, entry.uncompressedSize);
          zip.openReadStream(entry, (e, stream) => {
            if (e || !stream) return fail(e);
            const parts: Buffer[] = [];
            stream.on("data", (c: Buffer) => parts.push(c));
            stream.on("error", fail);
            stream.on("end", () => {
              files.set(path, Buffer.concat(parts));
              zip.readEntry();
            });
          });
        } catch (e) {
          fail(e);
        }
      });
      zip.readEntry();
    });
  });
}

/** The regular files of a .tar.gz, .tar or .zip archive, by normalized relative path. */
export async function readArchive(archive: Buffer, limits: typeof ARCHIVE_LIMITS = ARCHIVE_LIMITS): Promise<ArchiveFiles> {
  if (archive.length === 0) throw refuse("empty", undefined, "Send the catalog archive (.tar.gz or .zip) as the body.");
  if (archive.length > limits.maxArchiveBytes)
    throw refuse("tooLarge", { mib: limits.maxArchiveBytes / 1024 / 1024 }, `The archive is larger than ${limits.maxArchiveBytes / 1024 / 1024} MiB.`);
  if (archive[0] === 0x50 && archive[1] === 0x4b) return readZip(archive, limits);
  if (archive[0] === 0x1f && archive[1] === 0x8b) {
    // The decompressed stream is bounded too: past the total budget the gunzip is stopped.
    const gunzip = createGunzip();
    let out = 0;
    const cap = limits.maxTotalBytes + 10 * 1024 * 1024; // + headers and padding
    gunzip.on("data", (c: Buffer) => {
      out += c.length;
      if (out > cap)
        gunzip.destroy(
          refuse("unpacksTooLarge", { mib: limits.maxTotalBytes / 1024 / 1024 }, `The archive unpacks to more than ${limits.maxTotalBytes / 1024 / 1024} MiB.`),
        );
    });
    Readable.from([archive]).pipe(gunzip);
    return readTar(gunzip, limits).catch((e) => {
      throw isAppError(gunzip.errored) ? gunzip.errored : e;
    });
  }
  return readTar(Readable.from([archive]), limits);
}
