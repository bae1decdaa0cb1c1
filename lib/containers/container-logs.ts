// Container and service logs: a bounded read for REST, and a follow for the /logs namespace that
// merges every replica of a service, each line named by its replica slot and host. Viewers may
// read logs (container.logs).
import { db } from "@/lib/db";
import type { LogStream } from "@/lib/docker";
import { appError, problem } from "@/lib/errors";
import { authorize, type Actor } from "@/lib/policy";
import { loadService } from "@/lib/services";
import { parseInput, z } from "@/lib/validation";
import { engineCall, loadContainerRow, resolveContainer, type ResolvedContainer } from "./resolve-container";
import { mergeLogLines } from "./log-order";

export interface LogLine {
  containerId: string;
  replica: string;
  stream: "stdout" | "stderr";
  time: string | null;
  text: string;
}

const DURATION = /^(\d+)([smhd])$/;
/** `since`: unix seconds, an ISO date, or a duration back from now ("10m", "2h", "1d"). */
export function parseSince(v: string | undefined, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const d = DURATION.exec(v);
  if (d) return Math.floor(now / 1000) - Number(d[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[d[2] as "s"];
  if (/^\d+(\.\d+)?$/.test(v)) return Math.floor(Number(v));
  const t = Date.parse(v);
  if (Number.isNaN(t))
    throw appError("VALIDATION", "containerErrors.since", undefined, "since: use unix seconds, an ISO date or a duration like 10m", {
      details: [problem("since", "fieldErrors.invalid", undefined, "invalid")],
    });
  return Math.floor(t / 1000);
}

export const logQuery = z.object({
  tail: z.union([z.literal("all"), z.coerce.number().int().min(0).max(10_000)]).default(200),
  since: z.string().max(40).optional(),
  format: z.enum(["text", "json"]).default("text"),
});

const replicaName = (c: { slot: number | null; host: { name: string } }) => `${c.slot ?? "?"}@${c.host.name}`;

/** Splits engine chunks into lines, each with its RFC 3339 timestamp taken off. */
export function lineReader(onLine: (l: { stream: "stdout" | "stderr"; time: string | null; text: string }) => void) {
  const bufs = { stdout: "", stderr: "" };
  const emit = (stream: "stdout" | "stderr", raw: string) => {
    const sp = raw.indexOf(" ");
    const ts = sp > 0 && /^\d{4}-\d\d-\d\dT/.test(raw) ? raw.slice(0, sp) : null;
    onLine({ stream, time: ts, text: (ts ? raw.slice(sp + 1) : raw).replace(/\r$/, "") });
  };
  return {
    push(stream: "stdout" | "stderr", data: Buffer) {
      bufs[stream] += data.toString("utf8");
      let i: number;
      while ((i = bufs[stream].indexOf("\n")) >= 0) {
        emit(stream, bufs[stream].slice(0, i));
        bufs[stream] = bufs[stream].slice(i + 1);
      }
      if (bufs[stream].length > 64 * 1024) {
        emit(stream, bufs[stream]);
        bufs[stream] = "";
      }
    },
    flush() {
      for (const s of ["stdout", "stderr"] as const) if (bufs[s]) emit(s, bufs[s]);
      bufs.stdout = bufs.stderr = "";
    },
  };
}

/** GET /containers/{id}/logs: the last lines (no follow). */
export async function readContainerLogs({
  actor,
  containerId,
  query,
}: {
  actor: Actor;
  containerId: unknown;
  query?: unknown;
}): Promise<{ lines: LogLine[]; format: "text" | "json" }> {
  const c = await resolveContainer({ actor, containerId, permission: "container.logs" });
  const q = parseInput(logQuery, query ?? {});
  const since = parseSince(q.since);
  const stream = await engineCall(() => c.engine.containerLogs(c.engineId, { tail: q.tail, since, timestamps: true }));
  const lines: LogLine[] = [];
  const reader = lineReader((l) => lines.push({ containerId: c.id, replica: replicaName(c), ...l }));
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      reader.push(chunk.stream, chunk.data);
      bytes += chunk.data.length;
      if (bytes > 16 * 1024 * 1024) break; // a REST read is bounded; follow over /logs for more
    }
  } finally {
    stream.stop();
  }
  reader.flush();
  return { lines, format: q.format };
}

/** GET /services/{id}/logs: the last lines of every running replica, merged by time and named. */
export async function readServiceLogs({
  actor,
  serviceId,
  query,
}: {
  actor: Actor;
  serviceId: unknown;
  query?: unknown;
}): Promise<{ lines: LogLine[]; format: "text" | "json" }> {
  const svc = await loadService(actor, serviceId);
  authorize(actor, "container.logs", { tenantId: svc.tenantId, kind: "Service" });
  const q = parseInput(logQuery, query ?? {});
  const rows = await db.container.findMany({
    where: { AND: [{ serviceId: svc.id }, { tenantId: svc.tenantId }, { state: "running" }] },
    orderBy: { slot: "asc" },
  });
  const parts = await Promise.all(
    rows.map((r) =>
      readContainerLogs({ actor, containerId: r.id, query: { tail: q.tail, since: q.since } })
        .then((x) => x.lines)
        .catch(() => [] as LogLine[]),
    ),
  );
  const lines = parts.reduce<LogLine[]>((all, part) => mergeLogLines(all, part), []);
  return { lines, format: q.format };
}

export interface LogFollow {
  stop(): void;
  /** Throws when `actor` (the same user, re-read now) may no longer read these logs (T29). */
  reauthorize(actor: Actor): Promise<void>;
  /** Resolves when every followed stream ended. */
  done: Promise<void>;
}

/**
 * Follows one container or every running replica of a service. `onLines` is awaited: a slow
 * client slows the reading (the engine stream pauses), so the server never buffers a whole log.
 */
export async function followLogs({
  actor,
  containerId,
  serviceId,
  tail,
  since,
  onLines,
}: {
  actor: Actor;
  containerId?: unknown;
  serviceId?: unknown;
  tail?: number;
  since?: string;
  onLines: (lines: LogLine[]) => Promise<void>;
}): Promise<LogFollow> {
  let targets: ResolvedContainer[];
  if (containerId) {
    targets = [await resolveContainer({ actor, containerId, permission: "container.logs" })];
  } else {
    const svc = await loadService(actor, serviceId);
    authorize(actor, "container.logs", { tenantId: svc.tenantId, kind: "Service" });
    const rows = await db.container.findMany({
      where: { AND: [{ serviceId: svc.id }, { tenantId: svc.tenantId }, { state: "running" }] },
      orderBy: { slot: "asc" },
    });
    targets = (await Promise.all(rows.map((r) => resolveContainer({ actor, containerId: r.id, permission: "container.logs" }).catch(() => null)))).filter(
      (x): x is ResolvedContainer => !!x,
    );
    if (targets.length === 0) throw appError("CONFLICT", "containerErrors.noReplicaRunning", undefined, "No replica of this service is running.");
  }
  const sinceSec = parseSince(since);
  const streams: LogStream[] = [];
  let stopped = false;
  const runs = targets.map(async (c) => {
    let s: LogStream;
    try {
      s = await engineCall(() => c.engine.containerLogs(c.engineId, { follow: true, tail: Math.min(tail ?? 100, 5000), since: sinceSec, timestamps: true }));
    } catch (e) {
      await onLines([{ containerId: c.id, replica: replicaName(c), stream: "stderr", time: null, text: `[portal] ${(e as Error).message}` }]);
      return;
    }
    if (stopped) return s.stop();
    streams.push(s);
    let batch: LogLine[] = [];
    const reader = lineReader((l) => batch.push({ containerId: c.id, replica: replicaName(c), ...l }));
    try {
      for await (const chunk of s) {
        reader.push(chunk.stream, chunk.data);
        if (batch.length) {
          const b = batch;
          batch = [];
          await onLines(b);
        }
      }
    } catch {
      /* the host went away: this replica's follow ends */
    }
    reader.flush();
    if (batch.length) await onLines(batch);
  });
  return {
    stop() {
      stopped = true;
      for (const s of streams) s.stop();
    },
    async reauthorize(fresh: Actor) {
      if (containerId) {
        await loadContainerRow(fresh, containerId, "container.logs");
      } else {
        const svc = await loadService(fresh, serviceId);
        authorize(fresh, "container.logs", { tenantId: svc.tenantId, kind: "Service" });
      }
    },
    done: Promise.all(runs).then(() => undefined),
  };
}
