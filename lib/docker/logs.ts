// Container logs as a stoppable async iterator of chunks tagged stdout/stderr. A followed stream
// ends normally when the container stops; a broken connection ends it with "host unreachable".
import { lostError } from "./errors";
import { StreamQueue, demuxer, type StdStream } from "./streams";
import type { OpContext } from "./context";

export interface LogOptions {
  follow?: boolean;
  /** Number of lines from the end, or "all" (default 200). */
  tail?: number | "all";
  /** Unix seconds. */
  since?: number;
  until?: number;
  timestamps?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface LogChunk {
  stream: StdStream;
  data: Buffer;
}

export interface LogStream extends AsyncIterableIterator<LogChunk> {
  stop(): void;
}

export interface LogOps {
  containerLogs(id: string, opts?: LogOptions): Promise<LogStream>;
}

export function logOps(c: OpContext): LogOps {
  return {
    async containerLogs(id, o = {}) {
      // TTY containers send raw bytes; the rest use the 8-byte multiplexed framing.
      const { Config } = await c.t.json<{ Config?: { Tty?: boolean } }>("read container logs", {
        method: "GET",
        path: `/containers/${encodeURIComponent(id)}/json`,
        timeoutMs: c.timeoutMs,
      });
      const { res, abort } = await c.t.stream("read container logs", {
        method: "GET",
        path: `/containers/${encodeURIComponent(id)}/logs`,
        query: {
          follow: o.follow ? "true" : undefined,
          tail: o.tail === undefined ? "200" : String(o.tail),
          since: o.since !== undefined ? String(o.since) : undefined,
          until: o.until !== undefined ? String(o.until) : undefined,
          timestamps: o.timestamps ? "true" : undefined,
          stdout: o.stdout === false ? "false" : "true",
          stderr: o.stderr === false ? "false" : "true",
        },
        timeoutMs: c.timeoutMs,
      });
      const queue = new StreamQueue<LogChunk>(abort, { pause: () => res.pause(), resume: () => res.resume() });
      const feed = Config?.Tty ? (chunk: Buffer) => queue.push({ stream: "stdout", data: chunk }) : demuxer((stream, data) => queue.push({ stream, data }));
      res.on("data", feed);
      res.on("end", () => queue.end());
      res.on("aborted", () => queue.fail(lostError(c.endpoint, "read container logs", "connection aborted")));
      res.on("error", (e: Error) => queue.fail(lostError(c.endpoint, "read container logs", e.message)));
      res.on("close", () => queue.end());
      return queue;
    },
  };
}
