// Finds the line a compose key path points at (`services.web.ports[0]`, `services["a.b"].image`,
// `line 12`), so an error in the list can move the cursor there. A best-effort walk over the YAML
// text by indentation, not a YAML parser: when a segment cannot be found (flow-style lists, a
// removed key) it stays on the deepest line found so far.

type Segment = { key: string } | { index: number };
type Found = { line: number; childIndent: number } | null;

export function pathSegments(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z0-9_-]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push({ index: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ key: JSON.parse(m[2]) as string });
    else if (m[3] !== undefined) out.push({ key: m[3] });
  }
  return out;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const isBlank = (line: string) => line.trim() === "" || line.trimStart().startsWith("#");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Zero-based line index for `path` in `text`, or null when nothing of it was found. */
export function locateLine(text: string, path: string): number | null {
  const lineRef = /^line (\d+)$/.exec(path.trim());
  const lines = text.split("\n");
  if (lineRef) return Math.min(Math.max(Number(lineRef[1]) - 1, 0), Math.max(lines.length - 1, 0));
  let at: number | null = null; // the line found so far
  let parentIndent = -1; // children of the current node are indented more than this
  for (const seg of pathSegments(path)) {
    const found: Found = "key" in seg ? findKey(lines, seg.key, at ?? -1, parentIndent) : findItem(lines, seg.index, at ?? -1, parentIndent);
    // Not found: skip a missing root (V1 files have no `services:`), else stop at the parent.
    if (!found) {
      if (at === null) continue;
      break;
    }
    at = found.line;
    parentIndent = found.childIndent;
  }
  return at;
}

function findKey(lines: string[], key: string, after: number, parentIndent: number): Found {
  const re = new RegExp(`^\\s*(- +)?(${escape(key)}|"${escape(key)}"|'${escape(key)}')\\s*:`);
  for (let i = after + 1; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) continue;
    if (indentOf(l) <= parentIndent) return null; // left the parent's block
    const m = re.exec(l);
    if (m) return { line: i, childIndent: indentOf(l) + (m[1]?.length ?? 0) };
  }
  return null;
}

function findItem(lines: string[], index: number, after: number, parentIndent: number): Found {
  let n = 0;
  for (let i = after + 1; i < lines.length; i++) {
    const l = lines[i];
    if (isBlank(l)) continue;
    if (indentOf(l) <= parentIndent && !l.trimStart().startsWith("-")) return null;
    const m = /^(\s*)- ?/.exec(l);
    if (m) {
      if (n === index) return { line: i, childIndent: m[0].length - 1 };
      n++;
    }
  }
  return null;
}

/** Character offsets of line `i` (for setSelectionRange). */
export function lineRange(text: string, i: number): [number, number] {
  let start = 0;
  for (let k = 0; k < i; k++) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) break;
    start = nl + 1;
  }
  const end = text.indexOf("\n", start);
  return [start, end < 0 ? text.length : end];
}
