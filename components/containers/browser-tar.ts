// Builds an uncompressed ustar archive in the browser from selected files (a folder upload) as a
// Blob of parts: file contents are never copied into JS memory.
const enc = new TextEncoder();

/** A path ustar cannot hold (the page says so in its language: `uiTexts.files.pathTooLong`). */
export class TarPathTooLong extends Error {
  constructor(readonly path: string) {
    super(path);
    this.name = "TarPathTooLong";
  }
}

function header(name: string, size: number, mtime: number, dir: boolean): Uint8Array {
  const b = new Uint8Array(512);
  const put = (s: string, off: number, len: number) => b.set(enc.encode(s).subarray(0, len), off);
  let n = name;
  let prefix = "";
  if (enc.encode(n).length > 100) {
    // ustar: up to 155 bytes of prefix, a "/", up to 100 bytes of name; split at the last "/" that
    // fits (a directory's trailing "/" is not a split point and may be dropped: typeflag 5 says it).
    const bare = dir ? n.replace(/\/$/, "") : n;
    let i = bare.lastIndexOf("/");
    while (i > 0 && (enc.encode(bare.slice(0, i)).length > 155 || enc.encode(bare.slice(i + 1)).length > 100)) i = bare.lastIndexOf("/", i - 1);
    if (i <= 0) throw new TarPathTooLong(name);
    prefix = bare.slice(0, i);
    n = bare.slice(i + 1);
    if (dir && enc.encode(n).length < 100) n += "/";
  }
  put(n, 0, 100);
  put((dir ? 0o755 : 0o644).toString(8).padStart(7, "0") + "\0", 100, 8);
  put("0000000\0", 108, 8);
  put("0000000\0", 116, 8);
  put((dir ? 0 : size).toString(8).padStart(11, "0") + "\0", 124, 12);
  put(
    Math.floor(mtime / 1000)
      .toString(8)
      .padStart(11, "0") + "\0",
    136,
    12,
  );
  put(dir ? "5" : "0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  put(prefix, 345, 155);
  b.fill(32, 148, 156);
  const sum = b.reduce((a, x) => a + x, 0);
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return b;
}

export function tarBlob(files: File[]): Blob {
  const parts: BlobPart[] = [];
  const dirs = new Set<string>();
  for (const f of files) {
    const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
    const segs = rel.split("/");
    for (let i = 1; i < segs.length; i++) {
      const d = segs.slice(0, i).join("/") + "/";
      if (!dirs.has(d)) {
        dirs.add(d);
        parts.push(header(d, 0, f.lastModified, true) as BlobPart);
      }
    }
    parts.push(header(rel, f.size, f.lastModified, false) as BlobPart, f, new Uint8Array((512 - (f.size % 512)) % 512) as BlobPart);
  }
  parts.push(new Uint8Array(1024) as BlobPart);
  return new Blob(parts, { type: "application/x-tar" });
}
