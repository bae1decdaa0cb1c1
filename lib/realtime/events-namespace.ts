// `/events`: live job progress. A client subscribes to a job id; each subscription is authorized
// for the actor as it is now (T29) with the same use-case as GET /api/v1/jobs/{id}, then progress
// is pushed as it happens. When the user's access changes, every subscription is re-authorized at
// once; those no longer allowed are dropped (server → unsubscribed { jobId, reason }).
// Apps the same way: subscribe-app { appId } → "app" (the AppDto, as GET /api/v1/apps/{id}) each
// time its observed state changes, whichever portal process observed it (lib/reconcile/app-signals).
// A deploy job's subscribers also get "deploy" (the DeployDto: phase, steps, task states, failure)
// on each of its changes, so the deploy page needs no polling while the socket is up.
// unsubscribe-job / unsubscribe-app end a subscription (a component left the page's shared socket).
import type { Server, Socket } from "socket.io";
import { getJob, jobSignals } from "@/lib/jobs";
import { getApp, getDeployOfJob } from "@/lib/apps";
import { appSignals } from "@/lib/reconcile/app-signals";
import { toAppError } from "@/lib/errors";
import { liveActor, socketAuthMiddleware } from "./handshake";
import { watchAccess } from "./access-watch";

export function attachEventsNamespace(io: Server): void {
  const nsp = io.of("/events");
  nsp.use(socketAuthMiddleware);
  nsp.on("connection", (socket: Socket) => {
    const watched = new Set<string>();
    const drop = (jobId: string) => {
      if (watched.delete(jobId)) socket.emit("unsubscribed", { jobId, reason: "revoked" });
    };
    const push = async (jobId: string) => {
      if (!watched.has(jobId)) return;
      try {
        // The actor as it is now (session, token, memberships): a revocation made without a
        // signal (another process on SQLite, a direct write) stops the very next push.
        const actor = await liveActor(socket);
        const job = await getJob({ actor, jobId });
        // still wanted (an unsubscribe may have come while the job was read): after the client's
        // unsubscribe is answered, nothing more of the job reaches it
        if (!watched.has(jobId)) return;
        socket.emit("job", job);
        const deploy = job.kind === "app.deploy" ? await getDeployOfJob({ actor, jobId }).catch(() => null) : null;
        if (deploy && watched.has(jobId)) socket.emit("deploy", deploy);
      } catch {
        drop(jobId);
      }
    };
    const onProgress = (jobId: string) => void push(jobId);
    jobSignals.on("progress", onProgress);
    jobSignals.on("finished", onProgress);
    const apps = new Set<string>();
    const dropApp = (appId: string) => {
      if (apps.delete(appId)) socket.emit("unsubscribed", { appId, reason: "revoked" });
    };
    const onApp = async (appId: string) => {
      if (!apps.has(appId)) return;
      try {
        const app = await getApp({ actor: await liveActor(socket), appId });
        if (apps.has(appId)) socket.emit("app", app);
      } catch {
        dropApp(appId);
      }
    };
    const onAppSignal = (appId: string) => void onApp(appId);
    appSignals.on("changed", onAppSignal);
    watchAccess(
      socket,
      async (actor) => {
        for (const jobId of [...watched]) await getJob({ actor, jobId }).catch(() => drop(jobId));
        for (const appId of [...apps]) await getApp({ actor, appId }).catch(() => dropApp(appId));
      },
      async () => {
        for (const jobId of [...watched]) drop(jobId);
        for (const appId of [...apps]) dropApp(appId);
      },
    );
    socket.on("subscribe-job", async (jobId: unknown, ack?: (r: unknown) => void) => {
      try {
        const actor = await liveActor(socket);
        const job = await getJob({ actor, jobId });
        watched.add(job.id);
        const deploy = job.kind === "app.deploy" ? await getDeployOfJob({ actor, jobId: job.id }).catch(() => null) : null;
        ack?.({ ok: true, job, ...(deploy ? { deploy } : {}) });
      } catch (e) {
        const err = toAppError(e);
        ack?.({ ok: false, error: { code: err.code, message: err.message } });
      }
    });
    socket.on("subscribe-app", async (appId: unknown, ack?: (r: unknown) => void) => {
      try {
        const actor = await liveActor(socket);
        const app = await getApp({ actor, appId });
        apps.add(app.id);
        ack?.({ ok: true, app });
      } catch (e) {
        const err = toAppError(e);
        ack?.({ ok: false, error: { code: err.code, message: err.message } });
      }
    });
    // A component that leaves the page's shared socket says so (components/live/use-events-socket):
    // the subscription ends, and the pushes and reads made for it with it. Removes from this
    // socket's own sets only; the answer is the same whatever the id.
    socket.on("unsubscribe-job", (jobId: unknown, ack?: (r: unknown) => void) => {
      if (typeof jobId === "string") watched.delete(jobId);
      ack?.({ ok: true });
    });
    socket.on("unsubscribe-app", (appId: unknown, ack?: (r: unknown) => void) => {
      if (typeof appId === "string") apps.delete(appId);
      ack?.({ ok: true });
    });
    socket.on("disconnect", () => {
      appSignals.off("changed", onAppSignal);
      jobSignals.off("progress", onProgress);
      jobSignals.off("finished", onProgress);
    });
  });
}
