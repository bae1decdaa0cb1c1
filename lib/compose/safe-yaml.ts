// ─── Security invariant (T12) ─────────────────────────────────────────────────────────────────────
// Compose text comes from tenants. It is loaded here and nowhere else: bounded size, bounded depth,
// bounded alias expansion ("billion laughs"), duplicate keys refused (a second `privileged:` must not
// silently win over the one a reviewer saw), explicit tags refused (no custom types), one document
// only. Merge keys `<<` are expanded here so that whatever they hide is visible to the parser and
// therefore to the policy, which only ever sees the merged, normalized model.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { AppError, type ErrorDetail } from "@/lib/errors";

export const MAX_DOCUMENT_BYTES = 256 * 1024;
export const MAX_DEPTH = 32;
/** Anchors are handy for shared settings; a real compose file needs a handful, not thousands. */
export const MAX_ALIAS_COUNT = 50;

/** The tags the YAML 1.2 core schema resolves anyway; writing them explicitly changes nothing. */
const ALLOWED_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

function invalid(message: string, details: ErrorDetail[]): never {
  throw new AppError("VALIDATION", message, details);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses compose text into plain JSON-like data, or throws a VALIDATION AppError. */
export function loadYaml(text: string): unknown {
  if (typeof text !== "string") invalid("The compose file must be text", [{ path: "", message: "Expected YAML text" }]);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DOCUMENT_BYTES) {
    const message = `The compose file is ${bytes} bytes; the limit is ${MAX_DOCUMENT_BYTES} bytes (256 KiB)`;
    invalid("The compose file is too large", [{ path: "", message }]);
  }

  const doc = parseDocument(text, { uniqueKeys: true, merge: true, prettyErrors: false, version: "1.2" });
  if (doc.errors.length > 0) {
    const details: ErrorDetail[] = [];
    for (const e of doc.errors) {
      const line = lineOf(text, e.pos[0]);
      if (e.code === "DUPLICATE_KEY") {
        // The error position covers the repeated key; name it so the user finds it.
        const key = text.slice(e.pos[0], e.pos[1]).slice(0, 100);
        details.push({ path: `line ${line}`, message: `Duplicate key ${JSON.stringify(key)}: each key may appear only once in a mapping` });
      } else if (e.code === "RESOURCE_EXHAUSTION") {
        details.push({ path: `line ${line}`, message: `The document is nested too deeply (limit ${MAX_DEPTH} levels)` });
        break; // the parser reports one of these per level; one is enough
      } else if (e.code === "MULTIPLE_DOCS") {
        details.push({ path: `line ${line}`, message: "Only one YAML document is allowed; remove the `---` separator" });
      } else {
        details.push({ path: `line ${line}`, message: `YAML syntax error: ${e.message.split("\n")[0].slice(0, 200)}` });
      }
    }
    invalid("The compose file is not valid YAML", details);
  }

  checkNodes(doc.contents, text);

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      invalid("The compose file expands too much", [
        { path: "", message: `Anchors and aliases expand beyond the limit (${MAX_ALIAS_COUNT}); write the repeated parts out or use fewer aliases` },
      ]);
    }
    throw e;
  }
  checkDepth(value);
  return value;
}

/** Walks the syntax tree (iteratively, so depth cannot exhaust the stack) for tags and odd keys. */
function checkNodes(root: Node | null, text: string): void {
  const details: ErrorDetail[] = [];
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || node === undefined || isAlias(node)) continue;
    if (depth > MAX_DEPTH) {
      invalid("The compose file is nested too deeply", [{ path: "", message: `The document is nested more than ${MAX_DEPTH} levels deep` }]);
    }
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag && !ALLOWED_TAGS.has(node.tag)) {
      const path = node.range ? `line ${lineOf(text, node.range[0])}` : "";
      details.push({ path, message: `YAML tag ${JSON.stringify(node.tag.slice(0, 60))} is not supported; remove it` });
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        const mergeKey = isScalar(key) && typeof key.value === "symbol";
        const plainKey = isScalar(key) && (typeof key.value === "string" || typeof key.value === "number");
        if (!mergeKey && !plainKey) {
          const path = key && typeof key === "object" && "range" in key && Array.isArray(key.range) ? `line ${lineOf(text, key.range[0])}` : "";
          details.push({ path, message: "Mapping keys must be plain strings; complex, null or boolean keys are not allowed" });
        }
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  if (details.length > 0) invalid("The compose file uses YAML features that are not allowed", details);
}

/** Aliases can deepen the expanded data beyond the source tree, so the result is checked too. */
function checkDepth(value: unknown): void {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > MAX_DEPTH) {
      invalid("The compose file is nested too deeply", [{ path: "", message: `The document is nested more than ${MAX_DEPTH} levels deep` }]);
    }
    for (const child of Object.values(v as Record<string, unknown>)) stack.push({ v: child, depth: depth + 1 });
  }
}
