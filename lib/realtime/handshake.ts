// ─── Security invariant (T15, T29) ─────────────────────────────────────────────────────────────
// Every socket.io namespace authenticates at the handshake: a session cookie (browser, and then
// the Origin must be ours) or an API token in `auth.token` (CLIs). No actor → refused before any
// handler runs. The handshake proves only who connected: every event that starts something calls
// `liveActor()` and so authorizes the actor as it is *now* in the database (session row, token row,
// user, memberships), exactly as a REST request would; nothing is decided from connect time.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import type { Socket } from "socket.io";
import { getToken } from "next-auth/jwt";
import { authSecret, loadActorByApiToken, loadActorBySession } from "@/lib/auth";
import { appError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/origin";
import type { Actor } from "@/lib/policy";

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) {
      try {
        out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        /* a malformed cookie is ignored */
      }
    }
  }
  return out;
}

/** The actor behind the socket's credentials, read from the database now (null: none any more). */
export async function actorForSocket(socket: Socket): Promise<Actor | null> {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === "string" && token) return loadActorByApiToken(token);
  const headers = socket.request.headers;
  const proto = headers["x-forwarded-proto"];
  if (!isSameOrigin(headers.origin ?? null, headers.host ?? null, (Array.isArray(proto) ? proto[0] : proto) ?? null)) return null;
  // getToken reads req.cookies only, never the raw Cookie header.
  const jwt = await getToken({ req: { headers, cookies: parseCookies(headers.cookie) } as never, secret: authSecret() });
  if (!jwt?.uid) return null;
  return loadActorBySession({ uid: jwt.uid, sv: jwt.sv, sid: jwt.sid });
}

/** Per event: the current actor, or UNAUTHENTICATED when the credentials were revoked meanwhile. */
export async function liveActor(socket: Socket): Promise<Actor> {
  const actor = await actorForSocket(socket);
  if (!actor || actor.userId !== (socket.data.actor as Actor | undefined)?.userId) {
    throw appError("UNAUTHENTICATED", "errors.signInAgain", undefined, "Your sign-in is no longer valid; sign in again.");
  }
  socket.data.actor = actor;
  return actor;
}

export async function socketAuthMiddleware(socket: Socket, next: (err?: Error) => void) {
  try {
    const actor = await actorForSocket(socket);
    if (!actor) return next(new Error("UNAUTHENTICATED"));
    socket.data.actor = actor;
    next();
  } catch {
    next(new Error("UNAUTHENTICATED"));
  }
}
