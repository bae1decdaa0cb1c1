// ─── Security invariant (T12) ─────────────────────────────────────────────────────────────────────
// Variables come ONLY from the `variables` argument (the app's variables stored by the portal).
// Never `process.env`: `${DATABASE_URL}` or `${HOME}` would otherwise hand the portal's own secrets
// to a tenant's container. Interpolation runs on parsed string values, never on the raw text, so a
// variable's value can never add YAML structure (a value of "x\nprivileged: true" stays one string).
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import { childPath, type Issues } from "./issues";

export type Variables = Record<string, string>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;
/** `${A:-${B:-${C}}}` is legitimate; a thousand levels of it is an attack on the stack. */
const MAX_NESTING = 8;

function lookup(vars: Variables, name: string): string | undefined {
  // Own properties only: `${constructor}` or `${__proto__}` must not reach Object.prototype.
  if (!Object.prototype.hasOwnProperty.call(vars, name)) return undefined;
  const v = vars[name];
  return typeof v === "string" ? v : undefined;
}

/** Finds the `}` closing the `${` at `start`, skipping nested `${…}` and `$$`. Returns -1 if none. */
function closingBrace(s: string, start: number): number {
  let depth = 1;
  let j = start + 2;
  while (j < s.length) {
    if (s[j] === "$" && (s[j + 1] === "$" || s[j + 1] === "{")) {
      if (s[j + 1] === "{") depth++;
      j += 2;
      continue;
    }
    if (s[j] === "}" && --depth === 0) return j;
    j++;
  }
  return -1;
}

/** Interpolates one string value found at `path`. Problems go into `issues`. */
export function interpolateString(s: string, vars: Variables, path: string, issues: Issues, nesting = 0): string {
  if (!s.includes("$")) return s;
  if (nesting > MAX_NESTING) {
    issues.error(path, `Variable defaults are nested more than ${MAX_NESTING} levels deep`, "composeProblems.variableNesting", { max: MAX_NESTING });
    return "";
  }
  let out = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const end = closingBrace(s, i);
      if (end < 0) {
        issues.error(path, "Unterminated `${`; close it with `}` or write `$$` for a literal `$`", "composeProblems.unterminatedVariable");
        return out;
      }
      out += resolveBraced(s.slice(i + 2, end), vars, path, issues, nesting);
      i = end + 1;
    } else {
      const m = NAME.exec(s.slice(i + 1));
      if (!m) {
        issues.error(path, "A `$` must start a variable (`$NAME` or `${NAME}`); write `$$` for a literal `$`", "composeProblems.dollarVariable");
        out += "$";
        i++;
        continue;
      }
      out += valueOrEmpty(vars, m[0], path, issues);
      i += 1 + m[0].length;
    }
  }
  return out;
}

function valueOrEmpty(vars: Variables, name: string, path: string, issues: Issues): string {
  const v = lookup(vars, name);
  if (v !== undefined) return v;
  issues.warn(path, `Variable ${name} is not set; an empty string was used`, "composeWarnings.unsetVariable", { name });
  return "";
}

function resolveBraced(inner: string, vars: Variables, path: string, issues: Issues, nesting: number): string {
  const m = BRACED.exec(inner);
  if (!m) {
    issues.error(
      path,
      `Invalid variable reference \${${inner.slice(0, 60)}}; use \${NAME}, \${NAME:-default} or \${NAME:?message}`,
      "composeProblems.variableReference",
      {
        reference: inner.slice(0, 60),
      },
    );
    return "";
  }
  const [, name, op, arg = ""] = m;
  const v = lookup(vars, name);
  const isSet = v !== undefined;
  const nonEmpty = isSet && v !== "";
  const sub = () => interpolateString(arg, vars, path, issues, nesting + 1);
  switch (op) {
    case undefined:
      return valueOrEmpty(vars, name, path, issues);
    case ":-":
      return nonEmpty ? v : sub();
    case "-":
      return isSet ? v : sub();
    case ":+":
      return nonEmpty ? sub() : "";
    case "+":
      return isSet ? sub() : "";
    case ":?":
    case "?": {
      if (op === ":?" ? nonEmpty : isSet) return v!;
      const why = arg.trim() === "" ? "" : `: ${arg.slice(0, 200)}`;
      issues.error(
        path,
        `Required variable ${name} is ${isSet ? "empty" : "not set"}${why}`,
        isSet ? "composeProblems.requiredVariableEmpty" : "composeProblems.requiredVariableUnset",
        { name, why },
      );
      return "";
    }
    default:
      return "";
  }
}

/**
 * Returns a copy of `value` with every string interpolated. Keys are left alone (Compose does not
 * interpolate keys, and names must stay what the reviewer read). Callers strip `x-` extension
 * keys first: they are unused, and anything merged out of them was already copied by the loader.
 */
export function interpolateTree(value: unknown, vars: Variables, path: string, issues: Issues): unknown {
  if (typeof value === "string") return interpolateString(value, vars, path, issues);
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, vars, childPath(path, i), issues));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a key named `__proto__` must stay a plain (and later refused) key.
      Object.defineProperty(out, k, { value: interpolateTree(v, vars, childPath(path, k), issues), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
