// Tag patterns of an upstream sync: globs over tag names. `*` is any run of characters, `?` one
// character, `{a,b}` one of the alternatives; everything else is literal (tags are [A-Za-z0-9_.-]).
// A pattern starting with `!` excludes what it matches. No pattern, or only exclusions, means "every tag"
// then minus the exclusions.
import { appError, problem } from "@/lib/errors";

const PATTERN = /^!?[A-Za-z0-9_.\-*?{},]{1,128}$/;

function toRegExp(glob: string): RegExp {
  let out = "";
  let inBraces = false;
  for (const c of glob) {
    if (c === "*") out += "[A-Za-z0-9_.\\-]*";
    else if (c === "?") out += "[A-Za-z0-9_.\\-]";
    else if (c === "{" && !inBraces) {
      inBraces = true;
      out += "(?:";
    } else if (c === "}" && inBraces) {
      inBraces = false;
      out += ")";
    } else if (c === "," && inBraces) out += "|";
    else out += c.replace(/[.\-{},]/g, (m) => `\\${m}`);
  }
  if (inBraces) throw new Error("unclosed brace");
  return new RegExp(`^${out}$`);
}

export interface TagMatcher {
  (tag: string): boolean;
}

/** Compiles the patterns once; invalid ones are a VALIDATION error naming the pattern. */
export function compileTagPatterns(patterns: readonly string[]): TagMatcher {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  const details = [];
  for (const [i, raw] of patterns.entries()) {
    const p = raw.trim();
    let re: RegExp | null = null;
    if (PATTERN.test(p)) {
      try {
        re = toRegExp(p.startsWith("!") ? p.slice(1) : p);
      } catch {
        re = null;
      }
    }
    if (!re || p === "!") {
      details.push(
        problem(`tagPatterns.${i}`, "replication.badTagPattern", { pattern: raw.slice(0, 130) }, `The tag pattern ${raw.slice(0, 130)} is not valid.`),
      );
      continue;
    }
    (p.startsWith("!") ? exclude : include).push(re);
  }
  if (details.length) throw appError("VALIDATION", "replication.badTagPatterns", undefined, "Some tag patterns are not valid.", { details });
  return (tag) => (include.length === 0 || include.some((r) => r.test(tag))) && !exclude.some((r) => r.test(tag));
}
