// IP addresses and CIDR ranges as 16 bytes: IPv4 is held as its IPv4-mapped IPv6 form
// (::ffff:a.b.c.d), so "127.0.0.1", "::ffff:127.0.0.1" and "::ffff:7f00:1" are the same value and
// every range check has one code path. Pure functions; no DNS, no sockets.

export interface Ip {
  /** 16 bytes, IPv4 as ::ffff:a.b.c.d */
  bytes: Uint8Array;
  /** true for IPv4 and IPv4-mapped IPv6 (the address a socket really reaches is IPv4). */
  v4: boolean;
}

export interface Cidr {
  bytes: Uint8Array;
  /** prefix length in the 128-bit space (an IPv4 /8 is 104 here) */
  prefix: number;
  /** canonical text: "10.0.0.0/8", "fd00::/8" */
  text: string;
}

const V4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseV4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4 || !parts.every((p) => V4_PART.test(p))) return null;
  return parts.map(Number);
}

function parseV6(s: string): number[] | null {
  // Embedded IPv4 tail ("::ffff:127.0.0.1") becomes two 16-bit groups.
  let text = s;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = parseV4(tail);
    if (!v4) return null;
    text = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const all = [...head, ...rest];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  if (halves.length === 1 ? all.length !== 8 : all.length > 7) return null;
  const words = [...head.map((g) => parseInt(g, 16)), ...Array(8 - all.length).fill(0), ...rest.map((g) => parseInt(g, 16))];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/** Parse an IPv4 or IPv6 literal (brackets and a %zone are accepted and dropped); null if not one. */
export function parseIp(raw: string): Ip | null {
  if (typeof raw !== "string" || raw.length > 64) return null;
  let s = raw.trim();
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  s = s.replace(/%[0-9a-zA-Z._-]+$/, "");
  const v4 = parseV4(s);
  if (v4) return { bytes: Uint8Array.from([...MAPPED_PREFIX, ...v4]), v4: true };
  if (!s.includes(":")) return null;
  const v6 = parseV6(s);
  if (!v6) return null;
  const bytes = Uint8Array.from(v6);
  return { bytes, v4: MAPPED_PREFIX.every((b, i) => bytes[i] === b) };
}

export function formatIp(ip: Ip): string {
  if (ip.v4) return Array.from(ip.bytes.slice(12)).join(".");
  const words = Array.from({ length: 8 }, (_, i) => (ip.bytes[2 * i] << 8) | ip.bytes[2 * i + 1]);
  // RFC 5952: compress the longest run (≥2) of zero words.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLen).join(":")}`;
}

function maskBytes(bytes: Uint8Array, prefix: number): Uint8Array {
  return Uint8Array.from(bytes, (b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - 8 * i));
    return b & ((0xff << (8 - bits)) & 0xff);
  });
}

/** "10.0.0.0/8", "fd00::/8", or a single address ("192.0.2.7" = /32, "2001:db8::1" = /128). Host
 * bits are cleared ("10.1.2.3/8" → 10.0.0.0/8). Null if not a valid range. */
export function parseCidr(raw: string): Cidr | null {
  if (typeof raw !== "string") return null;
  const [addr, len, extra] = raw.trim().split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip || addr.includes("%") || addr.startsWith("[")) return null;
  const max = ip.v4 && !addr.includes(":") ? 32 : 128;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return null;
  const n = len === undefined ? max : Number(len);
  if (n > max) return null;
  const prefix = max === 32 ? 96 + n : n;
  const bytes = maskBytes(ip.bytes, prefix);
  const text = `${formatIp({ bytes, v4: max === 32 })}/${n}`;
  return { bytes, prefix, text };
}

export function cidrContains(cidr: Cidr, ip: Ip): boolean {
  const masked = maskBytes(ip.bytes, cidr.prefix);
  return masked.every((b, i) => b === cidr.bytes[i]);
}

export function sameIp(a: Ip, b: Ip): boolean {
  return a.bytes.every((x, i) => x === b.bytes[i]);
}
