// The one wrapper every server action runs through: same-origin check, session → Actor, then the
// use-case; AppErrors come back as a typed result the form shows inline (field errors by path).
import { headers } from "next/headers";
import { AppError, toAppError, type ErrorDetail } from "@/lib/errors";
import { requireSessionActor } from "@/lib/auth";
import type { Actor } from "@/lib/policy";
import { isSameOrigin } from "./origin";

export type ActionResult<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields: Record<string, string>; details: ErrorDetail[] } };

function failure(e: unknown): ActionResult<never> {
  const err = toAppError(e);
  if (err.code === "INTERNAL") console.error("[action]", e);
  const fields: Record<string, string> = {};
  for (const d of err.details ?? []) fields[d.path] ??= d.message;
  return { ok: false, error: { code: err.code, message: err.message, fields, details: err.details ?? [] } };
}

async function assertSameOrigin(): Promise<void> {
  const h = await headers();
  if (!isSameOrigin(h.get("origin"), h.get("host"), h.get("x-forwarded-proto"))) throw new AppError("FORBIDDEN", "Cross-origin request refused.");
}

export async function runAction<T>(fn: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    await assertSameOrigin();
    const actor = await requireSessionActor();
    return { ok: true, data: await fn(actor) };
  } catch (e) {
    return failure(e);
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
    return failure(e);
  }
}
