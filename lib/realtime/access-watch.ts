// Live revocation for sockets (T5, T29): whatever a socket holds open (a shell, a log stream, job
// subscriptions) is re-authorized from the database as soon as its user's access changes (pushed by
// lib/auth/access-signals) and, as a safety net, every RECHECK_MS. A socket whose credentials are
// gone is told why and disconnected; a socket that lost one object loses only that object.
import type { Socket } from "socket.io";
import { onAccessChange } from "@/lib/auth";
import type { Actor } from "@/lib/policy";
import { liveActor } from "./handshake";

const RECHECK_MS = Number(process.env.CAAS_SOCKET_RECHECK_MS || 15_000);

export interface AccessWatch {
  /** Runs a check now (e.g. when the socket starts holding something). */
  check(): Promise<void>;
  stop(): void;
}

/**
 * `recheck(actor)` re-authorizes what the socket holds with the fresh actor (it handles partial
 * losses itself). `lost()` runs once when the credentials themselves are no longer valid, before
 * the socket is disconnected.
 */
export function watchAccess(socket: Socket, recheck: (actor: Actor) => Promise<void>, lost: () => Promise<void>): AccessWatch {
  const userId = (socket.data.actor as Actor).userId;
  let running: Promise<void> | null = null;
  let again = false;
  let ended = false;

  const once = async () => {
    let actor: Actor;
    try {
      actor = await liveActor(socket);
    } catch {
      if (ended) return;
      ended = true;
      await lost().catch(() => undefined);
      socket.disconnect(true);
      return;
    }
    await recheck(actor).catch((e) => console.error("[realtime] re-authorization failed", e));
  };
  const check = async (): Promise<void> => {
    if (ended) return;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again && !ended);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  const unsubscribe = onAccessChange((changed) => {
    if (changed === userId) void check();
  });
  const timer = setInterval(() => void check(), RECHECK_MS);
  timer.unref();
  const stop = () => {
    ended = true;
    unsubscribe();
    clearInterval(timer);
  };
  socket.on("disconnect", stop);
  return { check, stop };
}
