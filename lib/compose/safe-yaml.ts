// ─── Security invariant (T12) ─────────────────────────────────────────────────────────────────────
// Compose text comes from tenants. It is loaded here and nowhere else: bounded size, bounded depth,
// bounded alias expansion ("billion laughs": the expanded size and depth are computed on the syntax
// tree, memoized per anchor, before anything is expanded), duplicate keys refused (a second
// `privileged:` must not silently win over the one a reviewer saw), explicit tags refused except
// Compose's `!reset` and `!override` (recorded by key path, no custom types), one document only. Merge keys `<<` are expanded here so that whatever they hide is visible to the parser and
// therefore to the policy, which only ever sees the merged, normalized model.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { appError, problem, type ErrorDetail, type MessageParams } from "@/lib/errors";

export const MAX_DOCUMENT_BYTES = 256 * 1024;
export const MAX_DEPTH = 32;
/**
 * Anchors are bounded by what they expand to, not by how many there are: anchor-heavy real files
 * (hundreds of `<<: *defaults`) expand to a few thousand nodes; a billion-laughs document to 10^9.
 */
export const MAX_EXPANDED_NODES = 200_000;
/** Total characters of all scalars after expansion. */
export const MAX_EXPANDED_BYTES = 8 * 1024 * 1024;

/** Compose's merge tags: `!reset` drops an inherited value, `!override` replaces it instead of merging. */
export type MergeTag = "reset" | "override";
const MERGE_TAGS: Record<string, MergeTag> = { "!reset": "reset", "!override": "override" };

export interface LoadedYaml {
  value: unknown;
  /** Key paths (JSON arrays of keys from the root) of values tagged `!reset` or `!override`. */
  tags: Map<string, MergeTag>;
  /** The checked syntax tree, for locating key paths (locate.ts). */
  doc: Document;
}

/** The tags the YAML 1.2 core schema resolves anyway; writing them explicitly changes nothing. */
const ALLOWED_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

function invalid(key: string, message: string, details: ErrorDetail[]): never {
  throw appError("VALIDATION", key, undefined, message, { details });
}

const nestedTooDeeply = (): ErrorDetail =>
  problem("", "composeErrors.yaml.nestedDetail", { max: MAX_DEPTH }, `The document is nested more than ${MAX_DEPTH} levels deep`);

/**
 * The YAML composer recurses per flow level and reports a stack overflow per level, which costs
 * seconds for a file of 250 000 `[`. A raw count (quotes ignored, so it over-counts brackets inside
 * strings) with a bound far above MAX_DEPTH stops that cheaply; MAX_DEPTH itself is enforced on
 * the parsed tree.
 */
const MAX_BRACKET_DEPTH = 256;

function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123)
      max = Math.max(max, ++depth); // [ {
    else if ((c === 93 || c === 125) && depth > 0) depth--; // ] }
  }
  return max;
}

/** A hostile file can hold 100 000 syntax errors; the first few are what a person can act on. */
const MAX_REPORTED_ERRORS = 20;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Parses compose text into plain JSON-like data, or throws a VALIDATION AppError. */
export function loadYaml(text: string): unknown {
  return loadComposeYaml(text).value;
}

/** loadYaml, also returning where `!reset` / `!override` were written. */
export function loadComposeYaml(text: string): LoadedYaml {
  if (typeof text !== "string")
    invalid("composeErrors.yaml.notText", "The compose file must be text", [problem("", "composeErrors.yaml.expectedText", undefined, "Expected YAML text")]);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DOCUMENT_BYTES) {
    const message = `The compose file is ${bytes} bytes; the limit is ${MAX_DOCUMENT_BYTES} bytes (256 KiB)`;
    invalid("composeErrors.yaml.tooLarge", "The compose file is too large", [
      problem("", "composeErrors.yaml.tooLargeDetail", { bytes, max: MAX_DOCUMENT_BYTES }, message),
    ]);
  }

  if (bracketDepth(text) > MAX_BRACKET_DEPTH) {
    invalid("composeErrors.yaml.nested", "The compose file is nested too deeply", [nestedTooDeeply()]);
  }
  // Duplicate keys are found by checkNodes in linear time: the library's `uniqueKeys: true` compares
  // every key with every other one, which lets a 256 KiB file of distinct keys pin the CPU for
  // seconds. checkNodes also catches `1:` next to `"1":`, which become the same property later.
  const doc = parseDocument(text, { uniqueKeys: false, merge: true, prettyErrors: false, version: "1.2" });
  if (doc.errors.length > 0) {
    const details: ErrorDetail[] = [];
    for (const e of doc.errors.slice(0, MAX_REPORTED_ERRORS)) {
      const line = lineOf(text, e.pos[0]);
      if (e.code === "RESOURCE_EXHAUSTION") {
        details.push(
          problem(`line ${line}`, "composeErrors.yaml.nestedDetail", { max: MAX_DEPTH }, `The document is nested too deeply (limit ${MAX_DEPTH} levels)`),
        );
        break; // the parser reports one of these per level; one is enough
      } else if (e.code === "MULTIPLE_DOCS") {
        details.push(problem(`line ${line}`, "composeErrors.yaml.multipleDocs", undefined, "Only one YAML document is allowed; remove the `---` separator"));
      } else {
        // the parser's own words stay in the English text; the catalog names the line
        details.push(problem(`line ${line}`, "composeErrors.yaml.syntax", { line }, `YAML syntax error: ${e.message.split("\n")[0].slice(0, 200)}`));
      }
    }
    const more = doc.errors.length - MAX_REPORTED_ERRORS;
    if (more > 0 && details.length >= MAX_REPORTED_ERRORS)
      details.push(problem("", "composeErrors.yaml.more", { count: more }, `…and ${more} more YAML errors`));
    invalid("composeErrors.yaml.invalid", "The compose file is not valid YAML", details);
  }

  const tags = checkNodes(doc.contents, text);
  checkExpansion(doc);

  let value: unknown;
  try {
    // Safe without an alias count: checkExpansion bounded what the aliases expand to.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      invalid("composeErrors.yaml.expands", "The compose file expands too much", [
        problem("", "composeErrors.yaml.aliasesUnexpandable", undefined, "Anchors and aliases could not be expanded; write the repeated parts out"),
      ]);
    }
    throw e;
  }
  checkDepth(value);
  return { value, tags, doc };
}

/**
 * Expanded size and depth of the tree, computed per node once (aliases point at already computed
 * anchors), so a billion-laughs document is refused after a linear walk, before any expansion.
 */
function checkExpansion(doc: Document): void {
  type Size = { nodes: number; bytes: number; depth: number };
  const memo = new Map<unknown, Size>();
  const tooMuch = () =>
    invalid("composeErrors.yaml.expands", "The compose file expands too much", [
      problem(
        "",
        "composeErrors.yaml.aliasesTooMuch",
        { nodes: MAX_EXPANDED_NODES, mib: MAX_EXPANDED_BYTES / 1024 / 1024 },
        `Anchors and aliases expand to more than ${MAX_EXPANDED_NODES} values or ${MAX_EXPANDED_BYTES / 1024 / 1024} MiB; write the repeated parts out`,
      ),
    ]);
  const tooDeep = () => invalid("composeErrors.yaml.nested", "The compose file is nested too deeply", [nestedTooDeeply()]);
  // Iterative post-order walk: a node's size is known once all its children's are.
  const stack: { node: unknown; done: boolean }[] = [{ node: doc.contents, done: false }];
  const inProgress = new Set<unknown>();
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = isAlias(top.node) ? top.node.resolve(doc) : top.node;
    if (node === undefined || node === null || memo.has(node)) {
      stack.pop();
      continue;
    }
    const children: unknown[] = [];
    if (isMap(node)) for (const pair of node.items) children.push(pair.key, pair.value);
    else if (isSeq(node)) children.push(...node.items);
    if (!top.done) {
      top.done = true;
      if (inProgress.has(node))
        invalid("composeErrors.yaml.expands", "The compose file expands too much", [
          problem("", "composeErrors.yaml.selfAnchor", undefined, "An anchor refers to itself"),
        ]);
      inProgress.add(node);
      for (const c of children) {
        const target = isAlias(c) ? c.resolve(doc) : c;
        if (target !== undefined && target !== null && !memo.has(target)) {
          if (inProgress.has(target))
            invalid("composeErrors.yaml.expands", "The compose file expands too much", [
              problem("", "composeErrors.yaml.selfAnchor", undefined, "An anchor refers to itself"),
            ]);
          stack.push({ node: target, done: false });
        }
      }
      continue;
    }
    stack.pop();
    inProgress.delete(node);
    const size: Size = { nodes: 1, bytes: 0, depth: 1 };
    if (isScalar(node)) size.bytes = typeof node.value === "string" ? node.value.length : 8;
    for (const c of children) {
      const target = isAlias(c) ? c.resolve(doc) : c;
      const cs = target === undefined || target === null ? undefined : memo.get(target);
      if (!cs) continue;
      size.nodes += cs.nodes;
      size.bytes += cs.bytes;
      size.depth = Math.max(size.depth, cs.depth + 1);
    }
    if (size.nodes > MAX_EXPANDED_NODES || size.bytes > MAX_EXPANDED_BYTES) tooMuch();
    if (size.depth > MAX_DEPTH + 1) tooDeep();
    memo.set(node, size);
  }
}

/**
 * Walks the syntax tree (iteratively, so depth cannot exhaust the stack) for duplicate keys, tags
 * and keys that are not plain strings.
 */
function checkNodes(root: Node | null, text: string): Map<string, MergeTag> {
  const tags = new Map<string, MergeTag>();
  const details: ErrorDetail[] = [];
  // Line numbers cost a scan of the text each; a hostile file gets only the first few.
  const report = (node: unknown, message: string, key: string, params?: MessageParams) => {
    if (details.length >= MAX_REPORTED_ERRORS) return;
    const range = node && typeof node === "object" && "range" in node && Array.isArray(node.range) ? (node.range as number[]) : undefined;
    details.push(problem(range ? `line ${lineOf(text, range[0])}` : "", key, params, message));
  };
  const stack: { node: unknown; depth: number; keys: (string | number)[] | null }[] = [{ node: root, depth: 1, keys: [] }];
  while (stack.length > 0) {
    const { node, depth, keys } = stack.pop()!;
    if (node === null || node === undefined || isAlias(node)) continue;
    if (depth > MAX_DEPTH) {
      invalid("composeErrors.yaml.nested", "The compose file is nested too deeply", [nestedTooDeeply()]);
    }
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag && !ALLOWED_TAGS.has(node.tag)) {
      const merge = MERGE_TAGS[node.tag];
      // Recorded by key path (paths inside lists are not needed: Compose merges by key).
      if (merge && keys !== null) tags.set(JSON.stringify(keys), merge);
      else if (!merge)
        report(node, `YAML tag ${JSON.stringify(node.tag.slice(0, 60))} is not supported; remove it`, "composeErrors.yaml.tag", { tag: node.tag.slice(0, 60) });
      // Leave the value as the core schema reads it; `!reset` empties it later.
      if (merge) node.tag = undefined;
    }
    const children: { node: unknown; keys: (string | number)[] | null }[] = [];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        const mergeKey = isScalar(key) && typeof key.value === "symbol";
        const plainKey = isScalar(key) && (typeof key.value === "string" || typeof key.value === "number");
        if (plainKey) {
          // Compared as the property name it becomes, so `1:` and `"1":` collide as they will in JS.
          const name = String(key.value);
          if (seen.has(name))
            report(key, `Duplicate key ${JSON.stringify(name.slice(0, 100))}: each key may appear only once in a mapping`, "composeErrors.yaml.duplicateKey", {
              key: name.slice(0, 100),
            });
          seen.add(name);
          // Compose reads permission bits written as 0440 as octal (YAML 1.1), as the user meant.
          const v = pair.value;
          if (name === "mode" && isScalar(v) && typeof v.value === "number" && typeof v.source === "string" && /^0[0-7]+$/.test(v.source)) {
            v.value = parseInt(v.source, 8);
          }
        } else if (!mergeKey) {
          report(key, "Mapping keys must be plain strings; complex, null or boolean keys are not allowed", "composeErrors.yaml.complexKey");
        }
        children.push({ node: pair.value, keys: keys !== null && plainKey ? [...keys, String((key as { value: unknown }).value)] : null });
      }
    } else if (isSeq(node)) {
      children.push(...node.items.map((item) => ({ node: item, keys: null })));
    }
    // Reversed so the stack visits children in document order and errors come out top to bottom.
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i].node, depth: depth + 1, keys: children[i].keys });
  }
  if (details.length > 0) invalid("composeErrors.yaml.features", "The compose file has duplicate keys or YAML features that are not allowed", details);
  return tags;
}

/** Aliases can deepen the expanded data beyond the source tree, so the result is checked too. */
function checkDepth(value: unknown): void {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > MAX_DEPTH) {
      invalid("composeErrors.yaml.nested", "The compose file is nested too deeply", [nestedTooDeeply()]);
    }
    for (const child of Object.values(v as Record<string, unknown>)) stack.push({ v: child, depth: depth + 1 });
  }
}
