// FormData of the deploy and redeploy forms → the input the app use-cases validate, plus the one
// adjustment their error details need on the way to the browser.

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/**
 * "KEY=value" per line (blank lines and # comments skipped; a bare KEY is an empty value). Bad
 * names are passed through unchanged so the use-case reports them by path (`variables.BAD NAME`).
 * Empty text → undefined: on redeploy that keeps the current revision's variables.
 */
export function variablesFromText(raw: unknown): Record<string, string> | undefined {
  const text = str(raw);
  if (!text.trim()) return undefined;
  const out: Record<string, string> = {};
  for (const l of text.split(/\r?\n/)) {
    const line = l.trim();
    if (!line || line.startsWith("#")) continue;
    const i = line.indexOf("=");
    if (i < 0) out[line] = "";
    else out[line.slice(0, i).trim()] = line.slice(i + 1);
  }
  return out;
}

/** The compose text exactly as typed (indentation matters; no trimming). */
export function composeFromForm(o: Record<string, unknown>): string {
  return str(o.compose).replace(/\r\n/g, "\n");
}

/**
 * Kept for the actions that call it: the folding it did (every problem of a path, one per line,
 * "[rule] " prefixes) now happens in the server-action transport after translation
 * (lib/http/server-action.ts), so the details keep their catalog keys until then.
 */
export async function withRuleNames<T>(p: Promise<T>): Promise<T> {
  return p;
}
