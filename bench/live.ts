// The portal's `/events` namespace as the console uses it: a deploy page follows its job, an app
// page its app, by push (subscribe-job → "job", subscribe-app → "app"), not by polling. The bench
// opens one connection before a portal trial starts (a console page has its socket open already)
// and closes it after the trial, so it loads the portal during that side's trials only.
import { io, type Socket } from "socket.io-client";
import { BenchError } from "./support";

type Kind = "job" | "app";
type Listener = (kind: Kind, body: any) => void;

export interface EndedJob {
  id: string;
  status: string;
  error?: string;
}

export class LiveEvents {
  private readonly listeners = new Set<Listener>();

  private constructor(private readonly socket: Socket) {
    socket.on("job", (j) => this.tell("job", j));
    socket.on("app", (a) => this.tell("app", a));
  }

  static async connect(baseUrl: string, token: string, timeoutMs = 10_000): Promise<LiveEvents> {
    const socket = io(`${baseUrl}/events`, { auth: { token }, transports: ["websocket"], forceNew: true, reconnection: false, timeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (e) => reject(new BenchError(`/events: ${e.message}`)));
    });
    return new LiveEvents(socket);
  }

  close(): void {
    this.socket.close();
  }

  private tell(kind: Kind, body: unknown): void {
    for (const l of [...this.listeners]) l(kind, body);
  }

  /** Subscribes (the ack carries the current state), then resolves with the first state `match` accepts. */
  private follow<T>(what: string, event: string, id: string, timeoutMs: number, match: (kind: Kind, body: any) => T | null): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const listener: Listener = (kind, body) => {
        const v = match(kind, body);
        if (v !== null) end(() => resolve(v));
      };
      const timer = setTimeout(() => end(() => reject(new BenchError(`${what}: not within ${timeoutMs} ms`))), timeoutMs);
      const end = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        settle();
      };
      this.listeners.add(listener);
      this.socket
        .timeout(timeoutMs)
        .emitWithAck(event, id)
        .then((r: { ok: boolean; job?: unknown; app?: unknown; error?: { code: string; message: string } }) => {
          if (!r.ok) return end(() => reject(new BenchError(`${what}: ${r.error?.code} ${r.error?.message}`)));
          if (r.job) listener("job", r.job);
          if (r.app) listener("app", r.app);
        })
        .catch((e: Error) => end(() => reject(new BenchError(`${what}: ${e.message}`))));
    });
  }

  /** The job once it has ended (succeeded, failed or cancelled). */
  jobEnded(jobId: string, timeoutMs = 180_000): Promise<EndedJob> {
    return this.follow(`job ${jobId}`, "subscribe-job", jobId, timeoutMs, (kind, j) =>
      kind === "job" && j.id === jobId && ["succeeded", "failed", "cancelled"].includes(j.status) ? (j as EndedJob) : null,
    );
  }

  /** Resolves when the app's service reports `running` replicas (the AppDto the app page gets). */
  serviceRunning(appId: string, serviceId: string, running: number, timeoutMs = 180_000): Promise<void> {
    return this.follow(`app ${appId}: ${running} running`, "subscribe-app", appId, timeoutMs, (kind, a) =>
      kind === "app" &&
      a.id === appId &&
      a.services?.some((s: { id: string; replicas?: { running: number } }) => s.id === serviceId && s.replicas?.running === running)
        ? undefined
        : null,
    );
  }
}
