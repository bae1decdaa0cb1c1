// ─── Security invariant (T15) ─────────────────────────────────────────────────────────────────
// Every socket.io namespace authenticates at the handshake: a session cookie (browser, and then
// the Origin must be ours) or an API token in `auth.token` (CLIs). No actor → refused before any
// handler runs. Authorization of each object happens per event, in the use-case.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import type { Socket } from "socket.io";
import { getToken } from "next-auth/jwt";
import { authSecret, loadActorByApiToken, loadActorByUserId } from "@/lib/auth";
import { isSameOrigin } from "@/lib/http/origin";
import type { Actor } from "@/lib/policy";

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export async function actorForSocket(socket: Socket): Promise<Actor | null> {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token === "string" && token) return loadActorByApiToken(token);
  const headers = socket.request.headers;
  if (!isSameOrigin(headers.origin ?? null, headers.host ?? null)) return null;
  // getToken reads req.cookies only, never the raw Cookie header.
  const jwt = await getToken({ req: { headers, cookies: parseCookies(headers.cookie) } as never, secret: authSecret() });
  if (!jwt?.uid) return null;
  return loadActorByUserId(String(jwt.uid), "session", Number(jwt.sv ?? 0));
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
