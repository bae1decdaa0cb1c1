// A minimal streaming ustar reader and writer: enough to validate and re-build uploads entry by
// entry (T23) and to pull one file's bytes out of the engine's archive, without buffering whole
// files. Only regular files and directories are written; everything is plain uncompressed tar.
import { AppError } from "@/lib/errors";

export interface TarHeader {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  /** "file" | "dir" | "symlink" | "hardlink" | "pax" | "pax-global" | "gnu-longname" | "gnu-longlink" | "other" */
  type: string;
  linkname: string;
}

export type TarEvent = { kind: "entry"; header: TarHeader } | { kind: "data"; chunk: Buffer } | { kind: "entry-end" };

const TYPES: Record<string, string> = { "0": "file", "\0": "file", "7": "file", "5": "dir", "2": "symlink", "1": "hardlink", x: "pax", g: "pax-global", L: "gnu-longname", K: "gnu-longlink" };

function str(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const z = s.indexOf(0);
  return s.subarray(0, z < 0 ? s.length : z).toString("utf8");
}
function num(b: Buffer, start: number, len: number): number {
  if (b[start] & 0x80) {
    // base-256 (GNU) for sizes ≥ 8 GiB
    let v = 0;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + b[i];
    return v;
  }
  const s = str(b, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function parseHeader(b: Buffer): TarHeader | null {
  if (b.every((x) => x === 0)) return null;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : b[i];
  if (sum !== num(b, 148, 8)) throw new AppError("VALIDATION", "The upload is not a valid tar archive (header checksum).");
  const prefix = str(b, 257, 6).startsWith("ustar") ? str(b, 345, 155) : "";
  const name = str(b, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: num(b, 100, 8),
    size: num(b, 124, 12),
    mtime: num(b, 136, 12),
    type: TYPES[String.fromCharCode(b[156])] ?? "other",
    linkname: str(b, 157, 100),
  };
}

/** Parses a tar stream into entry/data/entry-end events. Never holds more than one chunk. */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEvent> {
  let buf = Buffer.alloc(0);
  let remaining = 0; // data bytes left in the current entry
  let padding = 0;
  let inEntry = false;
  let ended = false;
  for await (const piece of source) {
    buf = buf.length ? Buffer.concat([buf, Buffer.from(piece)]) : Buffer.from(piece);
    for (;;) {
      if (ended) break;
      if (remaining > 0) {
        if (buf.length === 0) break;
        const n = Math.min(remaining, buf.length);
        yield { kind: "data", chunk: buf.subarray(0, n) };
        buf = buf.subarray(n);
        remaining -= n;
        continue;
      }
      if (padding > 0) {
        const n = Math.min(padding, buf.length);
        buf = buf.subarray(n);
        padding -= n;
        if (padding > 0) break;
      }
      if (inEntry) {
        inEntry = false;
        yield { kind: "entry-end" };
      }
      if (buf.length < 512) break;
      const h = parseHeader(buf.subarray(0, 512));
      buf = buf.subarray(512);
      if (!h) {
        ended = true;
        break;
      }
      inEntry = true;
      remaining = h.size;
      padding = (512 - (h.size % 512)) % 512;
      yield { kind: "entry", header: h };
    }
  }
  if (!ended && (remaining > 0 || inEntry)) {
    if (remaining > 0) throw new AppError("VALIDATION", "The tar archive is truncated.");
    yield { kind: "entry-end" };
  }
}

function octal(v: number, len: number): string {
  return v.toString(8).padStart(len - 1, "0") + "\0";
}

/** A ustar header for a regular file or directory; long names go into the prefix field. */
export function tarHeader(h: { name: string; size: number; mode: number; mtime: number; type: "file" | "dir" }): Buffer {
  const b = Buffer.alloc(512);
  let name = h.name;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", name.length - 1);
    let i = cut;
    while (i > 0 && (Buffer.byteLength(name.slice(0, i)) > 155 || Buffer.byteLength(name.slice(i + 1)) > 100)) i = name.lastIndexOf("/", i - 1);
    if (i <= 0) throw new AppError("VALIDATION", `The path "${name.slice(0, 60)}…" is too long.`);
    prefix = name.slice(0, i);
    name = name.slice(i + 1);
  }
  if (h.size > 0o77777777777) throw new AppError("VALIDATION", "A file in the upload is too large.");
  b.write(name, 0, 100, "utf8");
  b.write(octal(h.mode & 0o777, 8), 100, "ascii");
  b.write(octal(0, 8), 108, "ascii");
  b.write(octal(0, 8), 116, "ascii");
  b.write(octal(h.type === "dir" ? 0 : h.size, 12), 124, "ascii");
  b.write(octal(Math.max(0, Math.floor(h.mtime)), 12), 136, "ascii");
  b.write(h.type === "dir" ? "5" : "0", 156, "ascii");
  b.write("ustar\0", 257, "ascii");
  b.write("00", 263, "ascii");
  b.write(prefix, 345, 155, "utf8");
  b.fill(32, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i];
  b.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return b;
}

export const tarPadding = (size: number) => Buffer.alloc((512 - (size % 512)) % 512);
export const TAR_END = Buffer.alloc(1024);
