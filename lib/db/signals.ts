// Cross-process signals. In-process emitters (job progress, access changes) reach the sockets of
// this process; with several portal processes on one PostgreSQL database, every signal is also
// published with NOTIFY on one channel and delivered by each other process's LISTEN connection
// (startSignalBridge, server.ts). On SQLite (one process) signals stay in the process.
// Signals are wake-ups, never data: receivers re-read the database (and re-authorize) each time.
import pg from "pg";
import { db, databaseUrl } from "./index";
import { isPostgresUrl, processId } from "./process-identity";

export const SIGNAL_CHANNEL = "caas_signals";

export interface Signal {
  /** job: enqueued/progress/finished of a job id; access: a user's rights changed; app: an app's observed state changed */
  topic: "job" | "access" | "app";
  event: string;
  id: string;
}

interface Wire extends Signal {
  origin: string;
}

/** Parses a NOTIFY payload; null for anything that is not a well-formed signal from another process. */
export function parseSignal(payload: string | undefined, self: string): Signal | null {
  if (!payload || payload.length > 2000) return null;
  try {
    const w = JSON.parse(payload) as Partial<Wire>;
    if (w.origin === self) return null;
    if (w.topic !== "job" && w.topic !== "access" && w.topic !== "app") return null;
    if (typeof w.event !== "string" || typeof w.id !== "string" || w.event.length > 40 || w.id.length > 200) return null;
    return { topic: w.topic, event: w.event, id: w.id };
  } catch {
    return null;
  }
}

export function encodeSignal(s: Signal, origin: string): string {
  return JSON.stringify({ topic: s.topic, event: s.event, id: s.id, origin } satisfies Wire);
}

/** Tells the other processes (PostgreSQL only; a no-op on SQLite). Never throws: a lost signal is
 * covered by the receivers' periodic re-checks. */
export async function publishSignal(s: Signal): Promise<void> {
  if (!isPostgresUrl(databaseUrl())) return;
  try {
    await db.$executeRawUnsafe("SELECT pg_notify($1, $2)", SIGNAL_CHANNEL, encodeSignal(s, processId()));
  } catch (e) {
    console.warn(`[signals] could not publish ${s.topic}/${s.event}: ${e instanceof Error ? e.message : e}`);
  }
}

export interface SignalBridge {
  stop(): Promise<void>;
  /** true while the LISTEN connection is up (health) */
  connected(): boolean;
}

/** LISTENs for the other processes' signals and hands each to `deliver` (PostgreSQL only). The
 * connection is re-opened after a loss. */
export function startSignalBridge(deliver: (s: Signal) => void, url: string = databaseUrl()): SignalBridge | null {
  if (!isPostgresUrl(url)) return null;
  let client: pg.Client | null = null;
  let stopped = false;
  let up = false;
  let retry: NodeJS.Timeout | undefined;
  const self = processId();
  const connect = async () => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    let dead = false;
    const lost = () => {
      if (dead) return;
      dead = true;
      up = false;
      if (client === c) client = null;
      c.removeAllListeners();
      c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), 1_000);
    };
    c.on("error", lost);
    c.on("end", () => up && lost());
    c.on("notification", (n) => {
      if (n.channel !== SIGNAL_CHANNEL) return;
      const s = parseSignal(n.payload, self);
      if (s) deliver(s);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${SIGNAL_CHANNEL}`);
      up = true;
    } catch (e) {
      console.warn(`[signals] LISTEN failed, retrying: ${e instanceof Error ? e.message : e}`);
      lost();
    }
  };
  void connect();
  return {
    connected: () => up,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      up = false;
      if (c) {
        c.removeAllListeners();
        await c.end().catch(() => undefined);
      }
    },
  };
}
