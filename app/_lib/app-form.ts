// FormData of the deploy and redeploy forms → the input the app use-cases validate, plus the one
// adjustment their error details need on the way to the browser.
import { AppError, isAppError } from "@/lib/errors";

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
 * A form result carries one message per path and no `rule` (lib/http/server-action), but the
 * editor must name the broken policy rule and every problem of a path. So the details are folded
 * here, still on the server: messages of one path joined by newlines, each prefixed "[rule] " when
 * it has one (components/apps/compose-field.tsx reads that back). REST clients get the raw details.
 */
export async function withRuleNames<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (!isAppError(e) || !e.details?.length) throw e;
    const byPath = new Map<string, string[]>();
    for (const d of e.details) byPath.set(d.path, [...(byPath.get(d.path) ?? []), d.rule ? `[${d.rule}] ${d.message}` : d.message]);
    throw new AppError(e.code, e.message, [...byPath].map(([path, messages]) => ({ path, message: messages.join("\n") })), { cause: e });
  }
}
