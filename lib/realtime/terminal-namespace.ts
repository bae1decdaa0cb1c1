// `/terminal`: web terminals, per the Realtime contract in ../shared/design/API.md.
//   client → open { containerId, cols, rows, shell?, binary? }   server → ready { sessionId, shell } | failure { code, message }
//   client → input <string>                            server → output <string> (ack it to get more),
//                                                      or the shell's bytes (binary) when `open` asked for `binary: true`
//   client → resize { cols, rows }                     server → exit { code }
// The handshake authenticates (T15); each `open` authorizes container.exec for the actor as it is
// now (T29) on the server-resolved container (T16). Disconnect, idle timeout and revocation (pushed
// the moment access changes, re-checked every 15 s as a safety net: T5/T29) end the shell (T18).
// One session per socket.
import type { Server, Socket } from "socket.io";
import { toAppError } from "@/lib/errors";
import { TerminalSession, type EndReason } from "@/lib/containers/terminal-session";
import { failureCode, loadContainerRow } from "@/lib/containers/resolve-container";
import { liveActor, socketAuthMiddleware } from "./handshake";
import { watchAccess } from "./access-watch";

const IDLE_CHECK_MS = 15_000;
const IDLE_MS = Number(process.env.CAAS_TERMINAL_IDLE_MS || 30 * 60_000);
const REVOKED = "Your access to this container was removed; the terminal was closed.";

const live = new Set<TerminalSession>();

/** Ends every open terminal (process shutdown). */
export async function endAllTerminals(): Promise<void> {
  await Promise.all([...live].map((s) => s.end("shutdown")));
}

function failure(socket: Socket, e: unknown) {
  const err = toAppError(e);
  if (err.code === "UNAUTHENTICATED") return socket.emit("failure", { code: "FORBIDDEN", message: err.message });
  const code = failureCode(e);
  if (code === "INTERNAL") console.error("[terminal]", e);
  socket.emit("failure", { code, message: code === "NOT_FOUND" ? "Container not found." : err.message });
}

export function attachTerminalNamespace(io: Server): void {
  const nsp = io.of("/terminal");
  nsp.use(socketAuthMiddleware);
  nsp.on("connection", (socket: Socket) => {
    let session: TerminalSession | null = null;
    let opening = false;
    let containerId: string | null = null;

    const stop = async (reason: EndReason) => {
      const s = session;
      session = null;
      if (s) {
        live.delete(s);
        await s.end(reason);
      }
    };

    // T5/T29: re-authorized from the database when the user's access changes, not on a timer only.
    watchAccess(
      socket,
      async (actor) => {
        const cid = containerId;
        if (!session || !cid) return;
        try {
          await loadContainerRow(actor, cid, "container.exec");
        } catch {
          socket.emit("failure", { code: "FORBIDDEN", message: REVOKED });
          await stop("revoked");
          socket.disconnect(true);
        }
      },
      async () => {
        if (session) socket.emit("failure", { code: "FORBIDDEN", message: REVOKED });
        await stop("revoked");
      },
    );

    const idle = setInterval(async () => {
      if (session && session.idleMs > IDLE_MS) {
        socket.emit("failure", { code: "IDLE", message: "The terminal was closed after a period without input." });
        await stop("idle");
        socket.disconnect(true);
      }
    }, IDLE_CHECK_MS);

    socket.on("open", async (msg: unknown) => {
      if (session || opening) return socket.emit("failure", { code: "FORBIDDEN", message: "A terminal is already open on this connection." });
      const m = (msg && typeof msg === "object" ? msg : {}) as { containerId?: unknown; cols?: unknown; rows?: unknown; shell?: unknown; binary?: unknown };
      opening = true;
      try {
        const actor = await liveActor(socket);
        const s = await TerminalSession.open({
          actor,
          containerId: m.containerId,
          cols: Number(m.cols),
          rows: Number(m.rows),
          shell: typeof m.shell === "string" && m.shell ? m.shell : undefined,
          binary: m.binary === true,
          sink: {
            output: (data, ack) => socket.emit("output", data, ack),
            exit: (code) => socket.emit("exit", { code }),
          },
        });
        if (socket.disconnected) {
          await s.end("disconnect");
          return;
        }
        session = s;
        live.add(s);
        containerId = s.container.id;
        void s.done.then(() => {
          live.delete(s);
          if (session === s) session = null;
        });
        socket.emit("ready", { sessionId: s.sessionId, shell: s.shell });
        s.start();
      } catch (e) {
        failure(socket, e);
      } finally {
        opening = false;
      }
    });
    socket.on("input", (data: unknown) => session?.input(data));
    socket.on("resize", (size: unknown) => void session?.resize(size));
    socket.on("disconnect", () => {
      clearInterval(idle);
      void stop("disconnect");
    });
  });
}
