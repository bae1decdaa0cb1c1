// ─── Security invariants (T15, T16, T18, T19) ──────────────────────────────────────────────────
// A terminal is a TTY exec on the container the server resolved (never a client-named id), never
// Privileged, as the image's default user. Output is flow-controlled by acknowledgements: at most
// HIGH_WATER un-acked bytes are in flight, then the exec stream is paused, so `yes` cannot grow the
// server's memory. Ending a session (exit, disconnect, idle, revocation) always kills the shell by
// its pid and drops the engine connection: no shell outlives its socket.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { StringDecoder } from "node:string_decoder";
import { db, type Tx } from "@/lib/db";
import type { ExecSession } from "@/lib/docker";
import { recordAudit } from "@/lib/audit";
import { toAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { engineCall, resolveContainer, type ResolvedContainer } from "./resolve-container";
import { randomUUID } from "node:crypto";
import { PID_MARK, SESSION_ENV, detectShell, forgetShell, killSessionProcesses, killShell, killWithRetry, shellCommand } from "./shell";

export const HIGH_WATER = 256 * 1024;
const LOW_WATER = 64 * 1024;
/** Largest output message: keeps a flood paced by acks while cutting per-event overhead. */
const BATCH = 32 * 1024;
/** While a message is un-acked, smaller output waits for its ack (Nagle's rule), at most this long. */
const HOLD_MS = 20;
/** A flood (the last message carried at least FLOOD_BYTES and left less than FLOOD_GAP_MS ago):
 * output is collected for FLOOD_HOLD_MS (or BATCH bytes) whether or not a message is in flight.
 * Acks came back so fast that a flood of `yes` went out in 2 KB messages, one event and one ack
 * each (issue 20: 24,000 messages for 50 MB; on a slow day the portal relayed 0.79× the raw rate).
 * A keystroke's echo follows no big message, so it still leaves at once. */
const FLOOD_BYTES = 1024;
const FLOOD_GAP_MS = 5;
const FLOOD_HOLD_MS = 3;

export type EndReason = "exit" | "disconnect" | "idle" | "revoked" | "shutdown" | "error";

export interface TerminalSink {
  /** Send output (the shell's bytes when the client asked for `binary`, else UTF-8 text); call
   * `ack` once the client has consumed it. */
  output(data: string | Buffer, ack: () => void): void;
  exit(code: number | null): void;
}

export interface OpenTerminalOptions {
  actor: Actor;
  containerId: unknown;
  cols: number;
  rows: number;
  shell?: string;
  sink: TerminalSink;
  /** Output as the shell's raw bytes (issue 20: no UTF-8 decoding here, no JSON string escaping on
   * the wire; xterm.js decodes the bytes itself). Default: UTF-8 text, as in API.md. */
  binary?: boolean;
  /** The database and the container lookup (default: the portal's); unit tests pass their own. */
  deps?: TerminalDeps;
}

export interface TerminalDeps {
  db: Pick<typeof db, "$transaction" | "terminalSession">;
  resolveContainer: typeof resolveContainer;
}

const portalDeps: TerminalDeps = { db, resolveContainer };

const clampSize = (n: unknown, max: number, dflt: number) => (Number.isFinite(n) ? Math.min(max, Math.max(1, Math.floor(Number(n)))) : dflt);

export class TerminalSession {
  private outstanding = 0;
  private paused = false;
  private pending: (string | Buffer)[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private holdTimer: NodeJS.Timeout | null = null;
  /** Output messages sent and not yet acknowledged. */
  private inFlight = 0;
  private lastFlushAt = 0;
  private lastFlushBytes = 0;
  private pid = 0;
  private head: Buffer = Buffer.alloc(0);
  /** Resolves once the wrapper's pid line was read (or known to be missing). */
  private pidKnown!: () => void;
  private readonly pidRead = new Promise<void>((r) => (this.pidKnown = r));
  private ended = false;
  private started = false;
  private bytesIn = 0;
  private bytesOut = 0;
  private lastInput = Date.now();
  private readonly decoder = new StringDecoder("utf8");
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  private constructor(
    readonly sessionId: string,
    readonly shell: string,
    readonly container: ResolvedContainer,
    private readonly exec: ExecSession,
    private readonly actor: Actor,
    private readonly sink: TerminalSink,
    private readonly binary: boolean,
    /** In the shell's environment (SESSION_ENV): finds its processes when the pid line never came. */
    private readonly token: string,
    private readonly deps: TerminalDeps,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  /** Resolve + authorize (container.exec), pick the shell, start the TTY exec, record the session. */
  static async open(o: OpenTerminalOptions): Promise<TerminalSession> {
    const deps = o.deps ?? portalDeps;
    const { db } = deps;
    const c = await deps.resolveContainer({ actor: o.actor, containerId: o.containerId, permission: "container.exec" });
    const shell = await engineCall(() => detectShell(c.engine, c.engineId, o.shell));
    const size = { cols: clampSize(o.cols, 500, 80), rows: clampSize(o.rows, 200, 24) };
    // No `privileged`, no `user`: the image's default user (ExecOptions cannot even express Privileged).
    // The session row and its audit are written while the engine creates the exec (issue 20: the
    // open costs the slower of the two, not their sum); no output flows before both are done.
    const auditExec = (tx: Tx, sessionId: string, failure?: string) =>
      recordAudit(tx, {
        actor: o.actor,
        tenantId: c.tenantId,
        action: "container.exec",
        targetType: "container",
        targetId: c.id,
        ...(failure ? { result: "error" as const } : {}),
        details: { sessionId, shell, host: c.host.name, ...(failure ? { error: failure } : {}) },
      });
    const token = randomUUID();
    const [execResult, rowResult] = await Promise.allSettled([
      engineCall(() =>
        c.engine.containerExec(c.engineId, { cmd: shellCommand(shell), tty: true, stdin: true, size, env: ["TERM=xterm-256color", `${SESSION_ENV}=${token}`] }),
      ),
      db.$transaction(async (tx) => {
        const r = await tx.terminalSession.create({ data: { tenantId: c.tenantId, userId: o.actor.userId, containerId: c.id, hostId: c.host.id, shell } });
        await auditExec(tx, r.id);
        return r;
      }),
    ]);
    if (execResult.status === "rejected") {
      forgetShell(c.engineId);
      // The attempt was audited while the engine worked: its failure is audited too (result "error"),
      // and its session row says it ended at once.
      if (rowResult.status === "fulfilled") {
        const sessionId = rowResult.value.id;
        await db
          .$transaction(async (tx) => {
            await tx.terminalSession.update({ where: { id: sessionId }, data: { endedAt: new Date(), endReason: "error" } });
            await auditExec(tx, sessionId, toAppError(execResult.reason).code);
          })
          .catch((e) => console.error("[terminal] recording the failed exec", e));
      }
      throw execResult.reason;
    }
    const exec = execResult.value;
    if (rowResult.status === "rejected") {
      exec.close();
      throw rowResult.reason;
    }
    const row = rowResult.value;
    // Output starts flowing on start(), once the caller has announced `ready`.
    return new TerminalSession(row.id, shell, c, exec, o.actor, o.sink, o.binary === true, token, deps);
  }

  get idleMs(): number {
    return Date.now() - this.lastInput;
  }
  get isEnded(): boolean {
    return this.ended;
  }

  /** Reads the wrapper's pid line off the first bytes (kept from the user: searched in the bytes,
   * latin1 maps each byte to one character so the match's indexes are byte offsets). Returns what
   * is left to show, or null while the line may still be coming. */
  private takePid(chunk: Buffer): Buffer | null {
    if (this.pid) return chunk;
    this.head = Buffer.concat([this.head, chunk]);
    const m = new RegExp(`${PID_MARK}(\\d+)\\r?\\n`).exec(this.head.toString("latin1"));
    if (!m && this.head.length < 256) return null;
    this.pid = m ? Number(m[1]) : -1;
    this.pidKnown();
    const rest = m ? Buffer.concat([this.head.subarray(0, m.index), this.head.subarray(m.index + m[0].length)]) : this.head;
    this.head = Buffer.alloc(0);
    return rest;
  }

  /** Starts forwarding output (call after `ready` was sent, so no output precedes it). */
  start(): void {
    this.started = true;
    const stream = this.exec.stream;
    stream.on("data", (chunk: Buffer) => {
      const bytes = this.takePid(chunk);
      if (!bytes) return;
      const data = this.binary ? bytes : this.decoder.write(bytes);
      if (!data.length) return;
      const n = bytes.length;
      this.bytesOut += n;
      this.outstanding += n;
      if (this.outstanding > HIGH_WATER && !this.paused) {
        this.paused = true;
        stream.pause();
      }
      // Chunks that arrive together go out as one message (up to BATCH bytes): one event and one
      // ack per 2 KB chunk cost a quarter of the throughput. A lone keystroke echo (nothing in
      // flight) leaves on the next turn of the event loop; during a flood, output smaller than
      // BATCH waits for the previous message's ack (at most HOLD_MS) and leaves as one message.
      this.pending.push(data);
      this.pendingBytes += n;
      if (this.pendingBytes >= BATCH) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        if (this.flooding()) this.holdTimer = setTimeout(() => this.flush(), FLOOD_HOLD_MS);
        else if (this.inFlight === 0) setImmediate(() => this.flush());
        else this.holdTimer = setTimeout(() => this.flush(), HOLD_MS);
      }
    });
    void this.exec.finished.then(() => this.onExit());
  }

  private flooding(): boolean {
    return this.lastFlushBytes >= FLOOD_BYTES && Date.now() - this.lastFlushAt < FLOOD_GAP_MS;
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    if (this.pending.length === 0) return;
    const data = this.binary ? Buffer.concat(this.pending as Buffer[]) : this.pending.join("");
    const n = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.lastFlushAt = Date.now();
    this.lastFlushBytes = n;
    let acked = false;
    this.inFlight++;
    this.sink.output(data, () => {
      if (acked) return;
      acked = true;
      this.inFlight--;
      this.outstanding -= n;
      // during a flood the hold timer sends what is pending (FLOOD_HOLD_MS)
      if (this.inFlight === 0 && this.pending.length > 0 && !this.ended && !this.flooding()) this.flush();
      if (this.paused && this.outstanding < LOW_WATER && !this.ended) {
        this.paused = false;
        this.exec.stream.resume();
      }
    });
  }

  input(data: unknown): void {
    if (this.ended || typeof data !== "string" || data.length > 64 * 1024) return;
    this.lastInput = Date.now();
    this.bytesIn += Buffer.byteLength(data);
    this.exec.stream.write(data);
  }

  async resize(size: unknown): Promise<void> {
    if (this.ended || !size || typeof size !== "object") return;
    const s = size as { cols?: unknown; rows?: unknown };
    await this.exec.resize({ cols: clampSize(s.cols, 500, 80), rows: clampSize(s.rows, 200, 24) }).catch(() => undefined);
  }

  private async onExit(): Promise<void> {
    if (this.ended) return;
    this.flush();
    let code: number | null = null;
    try {
      for (let i = 0; i < 20; i++) {
        const st = await this.exec.inspect();
        if (!st.running) {
          code = st.exitCode;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } catch {
      /* the host went away: no code */
    }
    if (this.ended) return;
    this.sink.exit(code);
    await this.finish("exit", code);
  }

  /** Ends the session for `reason`; kills the shell unless it already exited. Idempotent. */
  async end(reason: EndReason): Promise<void> {
    if (this.ended) return this.done;
    await this.finish(reason, null);
  }

  private async finish(reason: EndReason, exitCode: number | null): Promise<void> {
    if (this.ended) return this.done;
    this.ended = true;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    try {
      if (reason !== "exit") {
        try {
          this.exec.stream.end(); // EOF first; then the shell by its pid
        } catch {
          /* already closed */
        }
        const { engine, engineId } = this.container;
        let running = true;
        try {
          running = (await this.exec.inspect()).running;
        } catch {
          running = true;
        }
        // Ended right after `ready` (before the shell printed its pid): wait briefly for the pid,
        // or the shell would be left running (T18).
        // Ended before start() (the socket left while the session was opening): read the pid here.
        if (running && this.pid === 0) {
          if (!this.started) this.exec.stream.on("data", (chunk: Buffer) => void this.takePid(chunk));
          await Promise.race([this.pidRead, new Promise((r) => setTimeout(r, 3_000))]);
        }
        if (running && this.pid > 1) await killWithRetry(() => killShell(engine, engineId, this.shell, this.pid));
        else if (running) await killWithRetry(() => killSessionProcesses(engine, engineId, this.token));
      }
    } finally {
      this.exec.close();
      await this.deps.db.terminalSession
        .update({ where: { id: this.sessionId }, data: { endedAt: new Date(), bytesIn: this.bytesIn, bytesOut: this.bytesOut, exitCode, endReason: reason } })
        .catch((e) => console.error("[terminal] session row", e));
      void this.actor;
      this.resolveDone();
    }
  }
}
