// The one wrapper every server action runs through: same-origin check, session → Actor, then the
// use-case; AppErrors come back as a typed result the form shows inline (field errors by path).
import { headers } from "next/headers";
import { AppError, toAppError, type ErrorDetail } from "@/lib/errors";
import { requireSessionActor } from "@/lib/auth";
import type { Actor } from "@/lib/policy";
import { isSameOrigin } from "./origin";
import { localizeError } from "@/lib/i18n/localize-error";
import { requestPreferences } from "@/lib/i18n/request-preferences";
import type { AppLocale } from "@/lib/i18n/config";

export type ActionResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields: Record<string, string>; details: ErrorDetail[] } };

/** The page's language (the user's setting, the cookie, Accept-Language). */
async function actionLocale(): Promise<AppLocale> {
  try {
    return (await requestPreferences()).locale;
  } catch {
    return "en";
  }
}

/**
 * An error as the form shows it, in the page's language: the top message, and per field path every
 * problem of that path, one per line, each prefixed "[rule] " when a policy rule names it
 * (components/apps/compose-field.tsx reads that back).
 */
async function failure(e: unknown): Promise<ActionResult<never>> {
  const err = toAppError(e);
  if (err.code === "INTERNAL") console.error("[action]", e);
  const { message, details = [] } = localizeError(await actionLocale(), err);
  const byPath = new Map<string, string[]>();
  for (const d of details) {
    const line = d.rule ? `[${d.rule}] ${d.message}` : d.message;
    const lines = byPath.get(d.path) ?? [];
    if (!lines.includes(line)) byPath.set(d.path, [...lines, line]);
  }
  const fields = Object.fromEntries([...byPath].map(([p, lines]) => [p, lines.join("\n")]));
  return { ok: false, error: { code: err.code, message, fields, details } };
}

async function assertSameOrigin(): Promise<void> {
  const h = await headers();
  if (!isSameOrigin(h.get("origin"), h.get("host"), h.get("x-forwarded-proto")))
    throw new AppError("FORBIDDEN", "Cross-origin request refused.", undefined, { i18n: { key: "errors.crossOrigin" } });
}

export async function runAction<T>(fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    await assertSameOrigin();
    const actor = await requireSessionActor();
    return { ok: true, data: await fn(actor) };
  } catch (e) {
    return await failure(e);
  }
}

/** FormData → plain object (multi-valued keys become arrays). */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    if (k.startsWith("$ACTION")) continue;
    const val = typeof v === "string" ? v : v.name;
    if (k in out) out[k] = ([] as unknown[]).concat(out[k], val);
    else out[k] = val;
  }
  return out;
}

/** For the one action with no session yet (first-admin setup): same-origin check only. The
 * use-case itself refuses once any user exists. */
export async function runPublicAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    await assertSameOrigin();
    return { ok: true, data: await fn() };
  } catch (e) {
    return await failure(e);
  }
}
