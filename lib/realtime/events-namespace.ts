// `/events`: live job progress. A client subscribes to a job id; the subscription is authorized
// with the same use-case as GET /api/v1/jobs/{id}, then progress is pushed as it happens.
import type { Server, Socket } from "socket.io";
import { getJob, jobSignals } from "@/lib/jobs";
import { toAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { socketAuthMiddleware } from "./handshake";

export function attachEventsNamespace(io: Server): void {
  const nsp = io.of("/events");
  nsp.use(socketAuthMiddleware);
  nsp.on("connection", (socket: Socket) => {
    const actor = socket.data.actor as Actor;
    const watched = new Set<string>();
    const push = async (jobId: string) => {
      if (!watched.has(jobId)) return;
      try {
        socket.emit("job", await getJob({ actor, jobId }));
      } catch {
        watched.delete(jobId);
      }
    };
    const onProgress = (jobId: string) => void push(jobId);
    jobSignals.on("progress", onProgress);
    jobSignals.on("finished", onProgress);
    socket.on("subscribe-job", async (jobId: unknown, ack?: (r: unknown) => void) => {
      try {
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
