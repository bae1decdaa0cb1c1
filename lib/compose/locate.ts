// Line and column of a compose key path ("services.web.ports[0]") in the text the user wrote, so
// that the editor can show each problem at its line. Paths that have no node of their own (a key
// inherited through `extends` or a merge key, a model-level rule) fall back to the nearest
// ancestor that has one. Only the syntax tree is walked: aliases are not followed or expanded.

import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import type { ErrorDetail } from "@/lib/errors";
import { childPath } from "./issues";
import { MAX_DEPTH, MAX_DOCUMENT_BYTES } from "./safe-yaml";

export type Location = { line: number; column: number };

function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}
export type Locator = (path: string) => Location | undefined;

/**
 * A locator for `text`; one that finds nothing when the text is not a loadable compose file. Pass
 * the tree safe-yaml already checked when there is one; otherwise the text is parsed again only if
 * it is small and shallow enough for safe-yaml to have accepted it.
 */
export function composeLocator(text: string, checked?: Document): Locator {
  const none: Locator = () => undefined;
  let doc = checked;
  if (!doc) {
    if (typeof text !== "string" || Buffer.byteLength(text, "utf8") > MAX_DOCUMENT_BYTES || bracketDepth(text) > MAX_DEPTH) return none;
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, version: "1.2" });
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return none;

  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  const at = (offset: number): Location => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };

  const root = doc.contents;
  // Compose V1 keeps services at the top level; paths always say services.<name>.
  const isV1 = !root.items.some((p) => isPair(p) && isScalar(p.key) && (p.key.value === "services" || p.key.value === "version" || p.key.value === "include"));
  const positions = new Map<string, Location>();
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: root, path: isV1 ? "services" : "", depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) continue;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = pair.key.value;
        if (typeof k !== "string" && typeof k !== "number") continue;
        const p = childPath(path, String(k));
        const range = (pair.key as Node).range;
        if (range && !positions.has(p)) positions.set(p, at(range[0]));
        stack.push({ node: pair.value, path: p, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = childPath(path, i);
        const range = (item as Node | null)?.range;
        if (range && !positions.has(p)) positions.set(p, at(range[0]));
        stack.push({ node: item, path: p, depth: depth + 1 });
      });
    }
  }

  return (path: string) => {
    let p = path;
    for (;;) {
      const hit = positions.get(p);
      if (hit) return hit;
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      if (cut <= 0) return undefined;
      p = p.slice(0, cut);
    }
  };
}

/** Copies of `details` with line and column added where the text has them. */
export function locateDetails<T extends { path: string }>(
  text: string,
  details: readonly T[],
  locator: Locator = composeLocator(text),
): (T & Partial<Location>)[] {
  return details.map((d) => {
    if ("line" in d && (d as Partial<Location>).line !== undefined) return d;
    const loc = d.path ? locator(d.path) : undefined;
    return loc ? { ...d, line: loc.line, column: loc.column } : d;
  });
}

/** An error's details with line and column, for VALIDATION and POLICY answers about compose text. */
export function locateErrorDetails(text: string, details: readonly ErrorDetail[] | undefined): ErrorDetail[] | undefined {
  return details ? locateDetails(text, details) : details;
}
