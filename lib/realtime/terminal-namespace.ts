// `/terminal`: web terminals, per the Realtime contract in ../shared/design/API.md.
//   client → open { containerId, cols, rows, shell? }   server → ready { sessionId, shell } | failure { code, message }
//   client → input <string>                            server → output <string> (ack it to get more)
//   client → resize { cols, rows }                     server → exit { code }
// The handshake authenticates (T15); `open` authorizes container.exec on the server-resolved
// container (T16). Disconnect, idle timeout and revocation (actor re-checked every 15 s, T5) end
// the shell (T18). One session per socket.
import type { Server, Socket } from "socket.io";
import { toAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { TerminalSession, type EndReason } from "@/lib/containers/terminal-session";
import { failureCode, loadContainerRow } from "@/lib/containers/resolve-container";
import { actorForSocket, socketAuthMiddleware } from "./handshake";

const RECHECK_MS = Number(process.env.CAAS_TERMINAL_RECHECK_MS || 15_000);
const IDLE_MS = Number(process.env.CAAS_TERMINAL_IDLE_MS || 30 * 60_000);

const live = new Set<TerminalSession>();

/** Ends every open terminal (process shutdown). */
export async function endAllTerminals(): Promise<void> {
  await Promise.all([...live].map((s) => s.end("shutdown")));
}

function failure(socket: Socket, e: unknown) {
  const err = toAppError(e);
  const code = failureCode(e);
  if (code === "INTERNAL") console.error("[terminal]", e);
  socket.emit("failure", { code, message: code === "NOT_FOUND" ? "Container not found." : err.message });
}

export function attachTerminalNamespace(io: Server): void {
  const nsp = io.of("/terminal");
  nsp.use(socketAuthMiddleware);
  nsp.on("connection", (socket: Socket) => {
    const actor = socket.data.actor as Actor;
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

    // T5: the actor is rebuilt from the database; a disabled user, a removed membership, a lost
    // permission or a revoked token ends the terminal and the socket.
    const timer = setInterval(async () => {
      if (!session && !opening) return;
      try {
        if (session && session.idleMs > IDLE_MS) {
          socket.emit("failure", { code: "IDLE", message: "The terminal was closed after a period without input." });
          await stop("idle");
          socket.disconnect(true);
          return;
        }
        const fresh = await actorForSocket(socket);
        if (!fresh) throw new Error("revoked");
        if (containerId) await loadContainerRow(fresh, containerId, "container.exec");
      } catch {
        socket.emit("failure", { code: "FORBIDDEN", message: "Your access to this container was removed; the terminal was closed." });
        await stop("revoked");
        socket.disconnect(true);
      }
    }, RECHECK_MS);

    socket.on("open", async (msg: unknown) => {
      if (session || opening) return socket.emit("failure", { code: "FORBIDDEN", message: "A terminal is already open on this connection." });
      const m = (msg && typeof msg === "object" ? msg : {}) as { containerId?: unknown; cols?: unknown; rows?: unknown; shell?: unknown };
      opening = true;
      try {
        const s = await TerminalSession.open({
          actor,
          containerId: m.containerId,
          cols: Number(m.cols),
          rows: Number(m.rows),
          shell: typeof m.shell === "string" && m.shell ? m.shell : undefined,
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
      clearInterval(timer);
      void stop("disconnect");
    });
  });
}
