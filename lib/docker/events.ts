// The engine's event stream as a stoppable async iterator. The engine can go away under a watcher
// (dockerd stopped, host powered off, network cut): a closed connection ends the iterator with an
// "host unreachable" AppError, and a watchdog ping notices a peer that vanished without closing
// the connection. Watchers reconnect with `since` = the last event's time to miss nothing.
import { filtersParam } from "./transport";
import { lostError } from "./errors";
import { StreamQueue, lineSplitter } from "./streams";
import type { EngineEvent } from "./types";
import type { OpContext } from "./context";

export interface EventFilters {
  type?: ("container" | "image" | "volume" | "network" | "daemon" | "plugin" | "node" | "service" | "secret" | "config")[];
  event?: string[];
  label?: string[];
  container?: string[];
  service?: string[];
  node?: string[];
  network?: string[];
  scope?: ("local" | "swarm")[];
}

export interface EventOptions {
  filters?: EventFilters;
  /** Unix seconds (fractions allowed): replay events since then. */
  since?: number;
  /** Unix seconds: the stream ends normally at that time. */
  until?: number;
  /** Ping interval while the stream is idle; 0 disables. Default 10 s. */
  watchdogMs?: number;
}

export interface EventStream extends AsyncIterableIterator<EngineEvent> {
  stop(): void;
}

export interface EventOps {
  /** Resolves once the engine accepted the subscription, so events after this point are not missed. */
  events(opts?: EventOptions): Promise<EventStream>;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: number;
}

export function eventOps(c: OpContext): EventOps {
  return {
    async events(opts = {}) {
      const { res, abort } = await c.t.stream("watch events", {
        method: "GET",
        path: "/events",
        query: {
          filters: filtersParam({ ...opts.filters }),
          since: opts.since !== undefined ? String(opts.since) : undefined,
          until: opts.until !== undefined ? String(opts.until) : undefined,
        },
        timeoutMs: c.timeoutMs,
      });

      let watchdog: NodeJS.Timeout | undefined;
      const queue = new StreamQueue<EngineEvent>(
        () => {
          clearInterval(watchdog);
          abort();
        },
        { pause: () => res.pause(), resume: () => res.resume() },
      );
      const lines = lineSplitter((line) => {
        let e: RawEvent;
        try {
          e = JSON.parse(line) as RawEvent;
        } catch {
          return; // a torn line from a dying connection; the close handler reports the loss
        }
        queue.push({
          type: e.Type ?? "",
          action: e.Action ?? "",
          id: e.Actor?.ID ?? "",
          attributes: e.Actor?.Attributes ?? {},
          scope: e.scope ?? "local",
          time: e.time ?? 0,
          timeNano: e.timeNano ?? 0,
        });
      });

      const finish = (why: string) => {
        clearInterval(watchdog);
        if (queue.stopped) return;
        // Without `until` the engine never ends the stream by itself: an end means it went away.
        if (opts.until !== undefined && why === "end") queue.end();
        else queue.fail(lostError(c.endpoint, "watch events", `event stream ${why === "end" ? "closed" : why}`));
      };
      res.on("data", (chunk: Buffer) => lines.push(chunk));
      res.on("end", () => finish("end"));
      res.on("aborted", () => finish("connection aborted"));
      res.on("error", (e: Error) => finish(e.message || "connection error"));
      res.on("close", () => finish("end"));

      const every = opts.watchdogMs ?? 10_000;
      if (every > 0) {
        let misses = 0;
        watchdog = setInterval(() => {
          c.t
            .json("ping", { method: "GET", path: "/_ping", timeoutMs: Math.min(every, 5_000) })
            .then(() => {
              misses = 0;
            })
            .catch(() => {
              misses += 1;
              if (misses >= 2) {
                finish("engine stopped answering pings");
                abort();
              }
            });
        }, every);
        watchdog.unref();
      }
      return queue;
    },
  };
}
