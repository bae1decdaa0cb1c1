// Hand-made tar archives for the T23/T35 attack tests, built byte by byte and read back by a
// reader of their own: independent of tar-stream (the portal's parser and writer), so a malicious
// archive can be written exactly as an attacker would and the portal's output checked field by
// field without trusting the code under test.

export interface RawOpts {
  /** Typeflag character: "0" file, "1" hard link, "2" symlink, "3" char, "4" block, "5" dir, "6" fifo, "x" pax, "g" pax global, "L"/"K" GNU long name/link. */
  type?: string;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  devmajor?: number;
  devminor?: number;
  /** Declared size when it differs from the data given (the data written is still `body`). */
  size?: number;
  magic?: "ustar" | "gnu" | "v7";
}

const oct = (v: number, len: number) => v.toString(8).padStart(len - 1, "0") + "\0";

export function rawHeader(name: string, size: number, o: RawOpts = {}): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  h.write(oct(o.mode ?? 0o644, 8), 100, "ascii");
  h.write(oct(o.uid ?? 1000, 8), 108, "ascii");
  h.write(oct(o.gid ?? 1000, 8), 116, "ascii");
  if (size > 0o77777777777) {
    // GNU base-256: the only way to declare 8 GiB or more in the header itself.
    h[124] = 0x80;
    let v = size;
    for (let i = 135; i > 124; i--) {
      h[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else h.write(oct(size, 12), 124, "ascii");
  h.write(oct(1_700_000_000, 12), 136, "ascii");
  h.write(o.type ?? "0", 156, "ascii");
  h.write(o.linkname ?? "", 157, 100, "utf8");
  const magic = o.magic ?? "ustar";
  if (magic === "ustar") {
    h.write("ustar\0", 257, "ascii");
    h.write("00", 263, "ascii");
  } else if (magic === "gnu") h.write("ustar  \0", 257, "ascii");
  h.write(o.uname ?? "", 265, 32, "utf8");
  h.write(o.gname ?? "", 297, 32, "utf8");
  h.write(oct(o.devmajor ?? 0, 8), 329, "ascii");
  h.write(oct(o.devminor ?? 0, 8), 337, "ascii");
  h.fill(32, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "ascii");
  return h;
}

export const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);

export function rawEntry(name: string, body: Buffer | string = "", o: RawOpts = {}): Buffer {
  const data = Buffer.from(body);
  return Buffer.concat([rawHeader(name, o.size ?? data.length, o), data, pad(data.length)]);
}

/** One pax record, `len key=value\n`, its length counting itself. */
export function paxRecord(key: string, value: string): string {
  const kv = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(kv) + 1;
  while (Buffer.byteLength(`${len}${kv}`) !== len) len = Buffer.byteLength(`${len}${kv}`);
  return `${len}${kv}`;
}
export const paxEntry = (records: [string, string][], global = false) =>
  rawEntry("PaxHeader", records.map(([k, v]) => paxRecord(k, v)).join(""), { type: global ? "g" : "x" });

export const tarOf = (...entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)]);

export interface Listed {
  name: string;
  type: string;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  linkname: string;
  size: number;
  body: Buffer;
}

/** Reads a ustar/pax archive (the subset the portal writes) without tar-stream. */
export function listTar(buf: Buffer): Listed[] {
  const out: Listed[] = [];
  const str = (h: Buffer, a: number, n: number) =>
    h
      .subarray(a, a + n)
      .toString("utf8")
      .replace(/\0.*$/s, "");
  const num = (h: Buffer, a: number, n: number) => parseInt(str(h, a, n).trim() || "0", 8);
  let pax: Record<string, string> = {};
  let off = 0;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (sum !== num(h, 148, 8)) throw new Error(`bad checksum at ${off}`);
    const size = num(h, 124, 12);
    const body = buf.subarray(off + 512, off + 512 + size);
    off += 512 + size + pad(size).length;
    const type = String.fromCharCode(h[156] || 48);
    if (type === "x") {
      let b = body;
      while (b.length) {
        const sp = b.indexOf(32);
        const len = Number(b.subarray(0, sp).toString("ascii"));
        const rec = b.subarray(sp + 1, len - 1).toString("utf8");
        const eq = rec.indexOf("=");
        pax[rec.slice(0, eq)] = rec.slice(eq + 1);
        b = b.subarray(len);
      }
      continue;
    }
    const prefix = str(h, 345, 155);
    out.push({
      name: pax.path ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100)),
      type,
      mode: num(h, 100, 8),
      uid: num(h, 108, 8),
      gid: num(h, 116, 8),
      uname: str(h, 265, 32),
      gname: str(h, 297, 32),
      linkname: pax.linkpath ?? str(h, 157, 100),
      size,
      body: Buffer.from(body),
    });
    pax = {};
  }
  return out;
}
