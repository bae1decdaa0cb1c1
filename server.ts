// A portal process on one port: Next.js (pages, server actions, REST), socket.io (realtime
// namespaces) and the background job worker. Several identical processes may run against one
// PostgreSQL database behind a load balancer: jobs are claimed under leases, singletons (reconcile
// loop with the engine event watchers, stats sampler, embedded registry) run in the elected
// process only, and signals cross processes through the database. See docs/ARCHITECTURE.md.
import http from "node:http";
import next from "next";
import { Server } from "socket.io";
import { attachRealtime } from "@/lib/realtime";
import { jobSignals, registerJobHandler, startWorker } from "@/lib/jobs";
import { wireDeployDeps } from "@/lib/apps/deploy-deps";
import { deleteJob, deployJobHandler, deployUseCaseDeps, startJob, stopJob } from "@/lib/apps/wiring";
import { recoverRemoveHost, runRemoveHost } from "@/lib/hosts/remove-host";
import { commitJob } from "@/lib/images/commit-container";
import { PULL_JOB_KIND, pullJobHandler } from "@/lib/resources";
import { startElection, type Election } from "@/lib/jobs/leader";
import { withLock } from "@/lib/jobs/keyed-mutex";
import { ensureAdminFromEnv } from "@/lib/users";
import { databaseUrl, db, prepareDatabase } from "@/lib/db";
import { isPostgresUrl } from "@/lib/db/process-identity";
import { startSignalBridge } from "@/lib/db/signals";
import { closeDatabaseLocks } from "@/lib/db/cross-process-lock";
import { closeLivenessPool } from "@/lib/db/liveness";
import { deliverAccessChange } from "@/lib/auth/access-signals";
import { appSignals } from "@/lib/reconcile/app-signals";
import { startReconciler } from "@/lib/reconcile/reconcile-loop";
import { startEmbeddedRegistry } from "@/lib/registry/supervisor";
import { startReplicationLoop, UPSTREAM_SYNC_JOB, upstreamSyncJob } from "@/lib/replication";
import { externalRegistryUrl } from "@/lib/registry/settings";
import { startStatsSampler } from "@/lib/stats/sample-stats";
import { startHostMetricsSampler } from "@/lib/hosts/host-metrics";
import { endAllTerminals } from "@/lib/realtime/terminal-namespace";
import { startIdentitySync } from "@/lib/identity/sync";
import { countRequest } from "@/lib/metrics/request-counter";
import { requestLoad } from "@/lib/http/request-load";
import { startAlertEvaluator } from "@/lib/alerts/alert-loop";
import { parsePortalLogTarget, startAuditForwarder, syslogSink, teeConsole } from "@/lib/logging/portal-log-forwarder";

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOST || "127.0.0.1";
const shared = isPostgresUrl(databaseUrl());
/** SIGTERM: how long running jobs may take to finish before they are handed to another process. */
const graceMs = Number(process.env.CAAS_SHUTDOWN_GRACE_MS || 20_000);

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

await prepareDatabase();
// Processes starting together: one creates the admin, the others find it.
await withLock("bootstrap:admin", ensureAdminFromEnv);
// SQLite is one process: leadership rows of an earlier process are stale.
if (!shared) await db.leaderLease.deleteMany({});

// A burst of API changes (many deploys POSTed at once) is answered before the jobs it queued start (issue 20).
const load = requestLoad();
// The peer address for login throttling (lib/identity/client-address.ts); a client cannot set it.
const server = http.createServer((req, res) => {
  load.track(req);
  req.headers["x-caas-client-address"] = req.socket.remoteAddress ?? "";
  res.once("finish", () => countRequest(req.method, req.url, res.statusCode)); // /metrics (issue 19)
  void handle(req, res);
});
// Idle keep-alive connections stay open longer than clients and load balancers keep theirs (Node's
// 5 s default races a client reusing the socket as the server closes it: ECONNRESET on a request).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
const io = new Server(server, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 1e6 });
attachRealtime(io);

// Other processes' signals reach this process's sockets and worker (PostgreSQL only).
const bridge = startSignalBridge((s) => {
  if (s.topic === "job") jobSignals.emit(s.event, s.id);
  else if (s.topic === "access") deliverAccessChange(s.id);
  else if (s.topic === "app") appSignals.emit("changed", s.id);
});

// The composition root: use-cases and job handlers get their dependencies here, once. Resumable
// kinds run again when a process died under them (another process takes the job over after its
// lease expired): a deploy resumes from its persisted phase; stop/start/delete converge to a state.
// Tenant quotas (issue 16) join as a preflight policy: deployJobHandler(db, { preflightPolicies }).
wireDeployDeps(deployUseCaseDeps(db));
registerJobHandler("app.deploy", deployJobHandler(db));
registerJobHandler("app.stop", { ...stopJob, resumable: true });
registerJobHandler("app.start", { ...startJob, resumable: true });
registerJobHandler("app.delete", { ...deleteJob, resumable: true });
registerJobHandler("host.remove", { run: runRemoveHost, recover: recoverRemoveHost });
registerJobHandler("image.commit", commitJob);
registerJobHandler(PULL_JOB_KIND, pullJobHandler);
registerJobHandler(UPSTREAM_SYNC_JOB, upstreamSyncJob);
const worker = await startWorker({ yieldTo: load.burst });
// Directory sync (issue 14): each process claims due providers in the database.
const stopIdentitySync = startIdentitySync();
const elections: Election[] = [
  startElection({ role: "reconcile", lead: () => startReconciler() }),
  startElection({ role: "stats", lead: () => startStatsSampler() }),
  startElection({ role: "host-metrics", lead: () => startHostMetricsSampler() }),
  startElection({ role: "alerts", lead: () => startAlertEvaluator() }),
  // issue 17: copies between the regions' registries (queued by notifications, approvals, the comparison)
  startElection({ role: "replication", lead: () => startReplicationLoop() }),
];
// The portal's own logs and audit events to the company's log platform (issue 19), when configured.
const portalLogTarget = parsePortalLogTarget(process.env.CAAS_PORTAL_LOG_TARGET);
if (portalLogTarget) {
  const sink = syslogSink(portalLogTarget);
  teeConsole(sink);
  elections.push(startElection({ role: "portal-logs", lead: () => startAuditForwarder(sink) }));
}
// The embedded image registry (a child process) unless CAAS_REGISTRY_URL names an external one.
// Several processes need one shared external registry; the embedded one follows the election.
if (!externalRegistryUrl()) {
  if (shared) console.warn("[registry] several portal processes need one shared registry: set CAAS_REGISTRY_URL (README, several processes)");
  elections.push(startElection({ role: "registry", lead: () => startEmbeddedRegistry() }));
} else startEmbeddedRegistry();

server.listen(port, hostname, () => {
  console.log(
    `[portal] ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"}, ${shared ? "PostgreSQL" : "SQLite"})`,
  );
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[portal] ${signal}: stopping (jobs get ${graceMs} ms to finish, then are handed back)`);
  const force = setTimeout(() => process.exit(1), graceMs + 15_000);
  force.unref();
  // Stop claiming first; the roles go to another process at once.
  const jobs = worker.stop({ graceMs });
  stopIdentitySync();
  await Promise.all(elections.map((e) => e.stop()));
  await endAllTerminals().catch(() => undefined); // no shell outlives the portal either (T18)
  io.close();
  await jobs;
  await bridge?.stop();
  await closeDatabaseLocks();
  await closeLivenessPool();
  server.close(() => process.exit(0));
  server.closeAllConnections?.();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
