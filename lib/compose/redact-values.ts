// ─── Security invariant (issue 9, hole 6) ────────────────────────────────────────────────────────
// Values of environment entries and of app variables often hold secrets. Whoever may not deploy an
// app (a viewer) sees their names, never their values: in the stored Compose text (revisions), in
// the export, anywhere an app's model is shown, as the container page already does for env.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node } from "yaml";
import type { AppSpec } from "./app-spec";

export const HIDDEN_VALUE = "(hidden)";

/** Variable values shorter than this are not replaced inside other strings: they cannot be told
 * apart from ordinary text ("1" in "nginx:1.27") and hide nothing a guess would not find. */
const MIN_VARIABLE_LENGTH = 3;

const HIDDEN_TEXT = "# The Compose file is hidden: its environment values could not be separated from the rest.\n";

/** A model with every environment value hidden and every variable value replaced, names kept. */
export function redactSpecValues(spec: AppSpec, variables: Record<string, string>): AppSpec {
  const values = Object.values(variables)
    .filter((v) => typeof v === "string" && v.length >= MIN_VARIABLE_LENGTH)
    .sort((a, b) => b.length - a.length);
  const scrub = (s: string) => values.reduce((acc, v) => acc.split(v).join(HIDDEN_VALUE), s);
  const deep = <T>(v: T): T => {
    if (typeof v === "string") return scrub(v) as T;
    if (Array.isArray(v)) return v.map(deep) as T;
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      // keys are names (services, labels, variables): kept; defineProperty keeps `__proto__` a key
      for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: deep(x), enumerable: true, writable: true, configurable: true });
      return out as T;
    }
    return v;
  };
  const copy = deep(structuredClone(spec));
  // Names are the file's structure, not values: keep them (and what refers to them) as they were.
  copy.volumes.forEach((v, i) => (v.name = spec.volumes[i].name));
  copy.services.forEach((s, i) => {
    const orig = spec.services[i];
    s.name = orig.name;
    s.links = structuredClone(orig.links);
    s.dependsOn = [...orig.dependsOn];
    s.mounts.forEach((m, j) => {
      if (m.type === "volume") m.source = orig.mounts[j].source;
    });
    const env: Record<string, string> = {};
    for (const k of Object.keys(orig.environment)) Object.defineProperty(env, k, { value: HIDDEN_VALUE, enumerable: true, writable: true, configurable: true });
    s.environment = env;
  });
  return copy;
}

/**
 * The Compose text as written, with the value of every entry under any `environment:` key hidden
 * (map and list form, through anchors, aliases and merge keys, in `x-` blocks too). Variables are
 * not in the text (only their `${NAME}` references are). Unreadable text is hidden as a whole.
 */
export function redactComposeText(text: string): string {
  try {
    const doc = parseDocument(text, { uniqueKeys: false, merge: true, prettyErrors: false, version: "1.2" });
    if (doc.errors.length > 0) return HIDDEN_TEXT;
    const seen = new Set<Node>();
    visit(doc, {
      Pair(_, pair) {
        const key = resolve(doc, pair.key as Node | null);
        if (isScalar(key) && key.value === "environment") hideEnvironment(doc, pair.value as Node | null, seen);
      },
    });
    return doc.toString({ lineWidth: 0 });
  } catch {
    return HIDDEN_TEXT;
  }
}

function resolve(doc: Document, n: Node | null | undefined): Node | undefined {
  if (!n) return undefined;
  return isAlias(n) ? (n.resolve(doc) as Node | undefined) : n;
}

function hideScalarValue(n: Node): void {
  if (!isScalar(n) || n.value === null || n.value === undefined) return;
  n.value = HIDDEN_VALUE;
  n.comment = undefined;
}

function hideEverything(doc: Document, n: Node | null | undefined, seen: Set<Node>): void {
  const r = resolve(doc, n);
  if (!r || seen.has(r)) return;
  seen.add(r);
  if (isScalar(r)) hideScalarValue(r);
  else if (isMap(r)) for (const p of r.items) hideEverything(doc, p.value as Node | null, seen);
  else if (isSeq(r)) for (const item of r.items) hideEverything(doc, item as Node | null, seen);
}

function hideEnvironment(doc: Document, n: Node | null | undefined, seen: Set<Node>): void {
  const r = resolve(doc, n);
  if (!r || seen.has(r)) return;
  seen.add(r);
  if (isMap(r)) {
    for (const p of r.items) {
      const key = resolve(doc, p.key as Node | null);
      if (isScalar(key) && key.value === "<<") {
        // merge key: one alias or a list of them, each a mapping of more entries
        const merged = resolve(doc, p.value as Node | null);
        if (isSeq(merged)) for (const m of merged.items) hideEnvironment(doc, m as Node | null, seen);
        else hideEnvironment(doc, p.value as Node | null, seen);
      } else hideEverything(doc, p.value as Node | null, seen);
    }
  } else if (isSeq(r)) {
    for (const item of r.items) {
      const e = resolve(doc, item as Node | null);
      if (!e || seen.has(e)) continue;
      if (isScalar(e) && typeof e.value === "string") {
        seen.add(e);
        const eq = e.value.indexOf("=");
        if (eq >= 0) e.value = `${e.value.slice(0, eq)}=${HIDDEN_VALUE}`; // "NAME" alone has no value to hide
        e.comment = undefined;
      } else hideEverything(doc, e, seen);
    }
  } else hideEverything(doc, r, seen);
}
