// Resolve the Actor of the current request, for pages, server actions and route handlers.
import { cache } from "react";
import { getServerSession } from "next-auth";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { authOptions } from "./auth-options";
import { loadActorByApiToken, loadActorBySession } from "./load-actor";

/** The browser session's actor. Cached per server render (React `cache`): the layout's language
 * preferences and the page's actor share one cookie decryption and one set of session, user and
 * membership reads (issue 20); outside a render (route handlers) each call reads again. */
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions)) as { uid?: string; sv?: number; sid?: string } | null;
  if (!session?.uid) return null;
  return loadActorBySession(session);
});

export async function requireSessionActor(): Promise<Actor> {
  const actor = await sessionActor();
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to continue.", undefined, { i18n: { key: "errors.UNAUTHENTICATED" } });
  return actor;
}

/** Bearer token first (CLIs, pipelines), else the session cookie. */
export async function actorFromAuthorization(header: string | null): Promise<Actor | null> {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  if (m) return loadActorByApiToken(m[1]);
  return null;
}

/** The server-side session id of the current browser request (null for API tokens). */
export async function currentSessionId(): Promise<string | null> {
  const session = (await getServerSession(authOptions)) as { sid?: string } | null;
  return session?.sid ?? null;
}
