import type { Server } from "socket.io";
import { attachEventsNamespace } from "./events-namespace";
import { attachTerminalNamespace } from "./terminal-namespace";
import { attachLogsNamespace } from "./logs-namespace";

/** Mounts every realtime namespace; each authenticates at its own handshake. */
export function attachRealtime(io: Server): void {
  // The default namespace serves nothing; refuse it so no unauthenticated socket lingers.
  io.of("/").use((_socket, next) => next(new Error("use a named namespace")));
  attachEventsNamespace(io);
  attachTerminalNamespace(io);
  attachLogsNamespace(io);
}
