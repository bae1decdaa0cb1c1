// `/logs`: follow a container's or a whole service's logs (all replicas merged, each line named by
// its replica "slot@host"). client → follow { containerId } | { serviceId }, tail?, since? (ack:
// { ok } or { ok: false, error }); server → lines LogLine[] (ack each batch: the next batch waits
// for it), end {} (or end { reason } when access was removed). client → stop. Disconnect stops
// every stream. Each `follow` authorizes container.logs for the actor as it is now (T29); a stream
// in progress is re-authorized the moment the user's access changes and ended within seconds.
import type { Server, Socket } from "socket.io";
import { toAppError } from "@/lib/errors";
import { followLogs, type LogFollow } from "@/lib/containers/container-logs";
import { liveActor, socketAuthMiddleware } from "./handshake";
import { watchAccess } from "./access-watch";

const REVOKED = "Your access to these logs was removed; the stream was closed.";

export function attachLogsNamespace(io: Server): void {
  const nsp = io.of("/logs");
  nsp.use(socketAuthMiddleware);
  nsp.on("connection", (socket: Socket) => {
    let current: LogFollow | null = null;
    const stop = () => {
      current?.stop();
      current = null;
    };
    const revoke = () => {
      if (!current) return;
      stop();
      socket.emit("end", { reason: "revoked", message: REVOKED });
    };
    watchAccess(
      socket,
      async (actor) => {
        const f = current;
        if (!f) return;
        try {
          await f.reauthorize(actor);
        } catch {
          if (current === f) revoke();
        }
      },
      async () => revoke(),
    );
    socket.on("follow", async (msg: unknown, ack?: (r: unknown) => void) => {
      stop();
      const m = (msg && typeof msg === "object" ? msg : {}) as { containerId?: unknown; serviceId?: unknown; tail?: unknown; since?: unknown };
      try {
        const actor = await liveActor(socket);
        const f = await followLogs({
          actor,
          containerId: m.containerId,
          serviceId: m.containerId ? undefined : m.serviceId,
          tail: Number.isFinite(Number(m.tail)) ? Number(m.tail) : 100,
          since: typeof m.since === "string" ? m.since : undefined,
          // Backpressure: wait for the client's ack (or 30 s) before reading more.
          onLines: async (lines) => {
            if (socket.disconnected) return;
            await socket
              .timeout(30_000)
              .emitWithAck("lines", lines)
              .catch(() => undefined);
          },
        });
        if (socket.disconnected) return f.stop();
        current = f;
        void f.done.then(() => {
          if (current === f) {
            current = null;
            socket.emit("end", {});
          }
        });
        ack?.({ ok: true });
      } catch (e) {
        const err = toAppError(e);
        ack?.({ ok: false, error: { code: err.code, message: err.message } });
      }
    });
    socket.on("stop", stop);
    socket.on("disconnect", stop);
  });
}
