// The portal is one Node process on one port: Next.js (pages, server actions, REST), socket.io
// (realtime namespaces) and the background job worker. See docs/ARCHITECTURE.md.
import http from "node:http";
import next from "next";
import { Server } from "socket.io";
import { attachRealtime } from "@/lib/realtime";
import { startWorker } from "@/lib/jobs";
import { registerJobHandlers } from "@/lib/jobs/handlers";
import { ensureAdminFromEnv } from "@/lib/users";
import { prepareDatabase } from "@/lib/db";
import { startReconciler } from "@/lib/reconcile/reconcile-loop";
import { startEmbeddedRegistry } from "@/lib/registry/supervisor";
import { startStatsSampler } from "@/lib/stats/sample-stats";
import { endAllTerminals } from "@/lib/realtime/terminal-namespace";

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "127.0.0.1";

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

await prepareDatabase();
await ensureAdminFromEnv();

const server = http.createServer((req, res) => void handle(req, res));
const io = new Server(server, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 1e6 });
attachRealtime(io);

registerJobHandlers();
const worker = await startWorker();
const reconciler = startReconciler();
// The embedded image registry (a child process) unless CAAS_REGISTRY_URL names an external one.
const registry = startEmbeddedRegistry();
const statsSampler = startStatsSampler();

server.listen(port, hostname, () => {
  console.log(`[portal] ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"})`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[portal] ${signal}: stopping`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await endAllTerminals().catch(() => undefined); // no shell outlives the portal either (T18)
  io.close();
  await Promise.all([worker.stop(), reconciler.stop(), statsSampler.stop(), registry?.stop()]);
  server.close(() => process.exit(0));
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
