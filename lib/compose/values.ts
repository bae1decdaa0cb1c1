// Typed readers for parsed compose values. Each returns `undefined` after recording a problem, so
// parsing continues and the user gets every error at once. Strings are accepted where Compose
// expects numbers or booleans because interpolation (`replicas: ${N}`) always yields strings.

import { childPath, type Issues } from "./issues";

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function readObj(v: unknown, path: string, is: Issues): Obj | undefined {
  if (v === null || v === undefined) return {};
  if (isObj(v)) return v;
  is.error(path, "Expected a mapping of keys", "composeProblems.keysMapping");
  return undefined;
}

/** Scalars (strings, numbers, booleans) become strings; lists and mappings are refused. */
export function readString(v: unknown, path: string, is: Issues): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  is.error(path, "Expected a string", "composeProblems.expectedString");
  return undefined;
}

export function readBool(v: unknown, path: string, is: Issues): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  is.error(path, "Expected true or false", "composeProblems.expectedBoolean");
  return undefined;
}

export function readInt(v: unknown, path: string, is: Issues, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^-?\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    is.error(path, `Expected a whole number from ${min} to ${max}`, "composeProblems.wholeNumber", { min, max });
    return undefined;
  }
  return n;
}

/** CPU counts such as 0.5, "0.5" or "2". */
export function readCpus(v: unknown, path: string, is: Issues): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,6}(\.\d{1,17})?$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1024) {
    is.error(path, 'Expected a CPU count greater than 0, such as 0.5 or "2"', "composeProblems.cpuCount");
    return undefined;
  }
  return n;
}

const BYTE_UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Memory sizes: a number of bytes, or "256M", "1g", "512mb", "1.5G" (binary multiples, as Compose). */
export function readBytes(v: unknown, path: string, is: Issues): number | undefined {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
  const m = typeof v === "string" ? /^(\d{1,15}(?:\.\d{1,6})?)\s*([kmgt]?)b?$/i.exec(v.trim()) : null;
  if (m) {
    const bytes = Math.round(Number(m[1]) * BYTE_UNITS[m[2].toLowerCase()]);
    if (Number.isSafeInteger(bytes)) return bytes;
  }
  is.error(path, 'Expected a size such as "256M", "1g" or a number of bytes', "composeProblems.size");
  return undefined;
}

const DURATION_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go-style durations ("1m30s", "500ms", "10s"), rounded to whole milliseconds. */
export function readDurationMs(v: unknown, path: string, is: Issues): number | undefined {
  const s = typeof v === "string" ? v.trim() : "";
  if (/^(\d{1,12}(\.\d{1,9})?(ns|us|µs|ms|s|m|h))+$/.test(s)) {
    let total = 0;
    for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * DURATION_MS[m[2]];
    const ms = Math.round(total);
    if (Number.isSafeInteger(ms)) return ms;
  }
  is.error(path, 'Expected a duration such as "30s", "1m30s" or "500ms"', "composeProblems.duration");
  return undefined;
}

/** A list of scalars as strings. `single` also accepts one string (Compose allows that for some keys). */
export function readStringList(v: unknown, path: string, is: Issues, single = false): string[] | undefined {
  if (single && typeof v === "string") return [v];
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) {
    is.error(path, single ? "Expected a string or a list of strings" : "Expected a list of strings");
    return undefined;
  }
  const out: string[] = [];
  v.forEach((item, i) => {
    const s = readString(item, childPath(path, i), is);
    if (s !== undefined) out.push(s);
  });
  return out;
}

export type KeyValue = { key: string; value: string | null; path: string };

/**
 * `KEY=value` lists and `KEY: value` mappings (environment, labels, sysctls, driver_opts).
 * `value` is null where Compose would take the value from somewhere else (`- KEY`, `KEY:`).
 */
export function readKeyValues(v: unknown, path: string, is: Issues): KeyValue[] | undefined {
  if (v === null || v === undefined) return [];
  const out: KeyValue[] = [];
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const p = childPath(path, i);
      const s = readString(item, p, is);
      if (s === undefined) return;
      const eq = s.indexOf("=");
      out.push(eq < 0 ? { key: s, value: null, path: p } : { key: s.slice(0, eq), value: s.slice(eq + 1), path: p });
    });
    return out;
  }
  if (isObj(v)) {
    for (const [key, raw] of Object.entries(v)) {
      const p = childPath(path, key);
      if (raw === null) out.push({ key, value: null, path: p });
      else {
        const s = readString(raw, p, is);
        if (s !== undefined) out.push({ key, value: s, path: p });
      }
    }
    return out;
  }
  is.error(path, 'Expected a mapping or a list of "KEY=value" strings', "composeProblems.keyValues");
  return undefined;
}

/**
 * Builds a record from key/value pairs, refusing repeats and the `__proto__` key (which would change
 * the record's prototype instead of adding an entry).
 */
export function toRecord(pairs: KeyValue[], is: Issues, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value, path } of pairs) {
    if (key === "__proto__") {
      is.error(path, `${what} name "__proto__" is not allowed`, "composeProblems.protoName");
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(out, key)) {
      is.error(path, `${what} ${JSON.stringify(key.slice(0, 100))} is set twice`, "composeProblems.setTwice", { key: key.slice(0, 100) });
      continue;
    }
    out[key] = value ?? "";
  }
  return out;
}

/**
 * Splits a command string into arguments the way a POSIX shell would tokenize it (quotes and
 * backslashes), but nothing is expanded or executed: `;`, `|`, `$(…)` stay literal arguments.
 */
export function shellSplit(s: string, path: string, is: Issues): string[] | undefined {
  const out: string[] = [];
  let cur = "";
  let inToken = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
        if (s[i + 1] !== "\n") cur += s[i + 1];
        i++;
      } else cur += c;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      if (inToken) out.push(cur);
      cur = "";
      inToken = false;
    } else if (c === "'" || c === '"') {
      quote = c;
      inToken = true;
    } else if (c === "\\" && i + 1 < s.length) {
      if (s[i + 1] !== "\n") {
        cur += s[i + 1];
        inToken = true;
      }
      i++;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quote) {
    is.error(path, `Unterminated ${quote} quote in the command`, "composeProblems.unterminatedQuote", { quote });
    return undefined;
  }
  if (inToken) out.push(cur);
  return out;
}

/** Copies a mapping without `x-` extension keys, which Compose allows and ignores. */
export function withoutExtensions(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (!k.startsWith("x-")) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Records an error for every key of `o` not in `known`, naming its full path. */
export function checkKeys(o: Obj, known: readonly string[], path: string, is: Issues): void {
  for (const k of Object.keys(o)) {
    if (!known.includes(k))
      is.error(childPath(path, k), `${JSON.stringify(k.slice(0, 100))} is not a supported Compose key here`, "composeProblems.unknownKey", {
        key: k.slice(0, 100),
      });
  }
}
