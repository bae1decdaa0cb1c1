// Helpers for server pages: who is asking (or off to /login), and use-case errors mapped to the
// right page (missing or not yours → 404, like the API does).
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { sessionActor } from "@/lib/auth";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";

/** The signed-in actor; cached per request so the layout and the page share one lookup. */
export const pageActor = cache(async (): Promise<Actor> => {
  // Per-request by nature: never prerender at build time (no secret, no database there).
  await connection();
  const actor = await sessionActor();
  if (!actor) redirect("/login");
  return actor;
});

/** Await a use-case; NOT_FOUND (and a malformed id in the URL) renders the 404 page. */
export async function orNotFound<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isAppError(e) && (e.code === "NOT_FOUND" || e.code === "VALIDATION")) notFound();
    throw e;
  }
}

/** Only allow local paths as a post-login target (no open redirect to another site). */
export function safeCallbackUrl(raw: unknown): string {
  const s = typeof raw === "string" ? raw : "";
  return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") ? s : "/";
}
