// `/events`: live job progress. A client subscribes to a job id; each subscription is authorized
// for the actor as it is now (T29) with the same use-case as GET /api/v1/jobs/{id}, then progress
// is pushed as it happens. When the user's access changes, every subscription is re-authorized at
// once; those no longer allowed are dropped (server → unsubscribed { jobId, reason }).
import type { Server, Socket } from "socket.io";
import { getJob, jobSignals } from "@/lib/jobs";
import { toAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
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
        // socket.data.actor is the actor as last re-read (each event, and each access change).
        socket.emit("job", await getJob({ actor: socket.data.actor as Actor, jobId }));
      } catch {
        drop(jobId);
      }
    };
    const onProgress = (jobId: string) => void push(jobId);
    jobSignals.on("progress", onProgress);
    jobSignals.on("finished", onProgress);
    watchAccess(
      socket,
      async (actor) => {
        for (const jobId of [...watched]) await getJob({ actor, jobId }).catch(() => drop(jobId));
      },
      async () => {
        for (const jobId of [...watched]) drop(jobId);
      },
    );
    socket.on("subscribe-job", async (jobId: unknown, ack?: (r: unknown) => void) => {
      try {
        const actor = await liveActor(socket);
        const job = await getJob({ actor, jobId });
        watched.add(job.id);
        ack?.({ ok: true, job });
      } catch (e) {
        const err = toAppError(e);
        ack?.({ ok: false, error: { code: err.code, message: err.message } });
      }
    });
    socket.on("disconnect", () => {
      jobSignals.off("progress", onProgress);
      jobSignals.off("finished", onProgress);
    });
  });
}
