// Exec in a running container, for web terminals (TTY) and one-off commands. The Engine API has
// no "kill exec": a terminal ends its process by itself (stdin EOF via stream.end(), HUP, exit).
import { PassThrough, type Duplex, type Readable } from "node:stream";
import { demuxer } from "./streams";
import type { OpContext } from "./context";

export interface ExecOptions {
  cmd: string[];
  tty?: boolean;
  /** Attach stdin (write to `stream`; `stream.end()` sends EOF). */
  stdin?: boolean;
  env?: string[];
  workingDir?: string;
  user?: string;
  /** Initial terminal size (TTY). */
  size?: { rows: number; cols: number };
}

export interface ExecState {
  running: boolean;
  exitCode: number | null;
  pid: number;
}

export interface ExecSession {
  id: string;
  tty: boolean;
  /** The raw connection. Write = the process's stdin. For TTY it is also the terminal output. */
  stream: Duplex;
  /** TTY: same object as `stream`. Otherwise the demultiplexed stdout. */
  stdout: Readable;
  /** Demultiplexed stderr (empty for TTY, where the terminal merges both). */
  stderr: Readable;
  /** Resolves when the output ends (process exited or connection closed). */
  finished: Promise<void>;
  resize(size: { rows: number; cols: number }): Promise<void>;
  inspect(): Promise<ExecState>;
  /** Read all output (up to maxBytes per stream, default 1 MiB) and the exit code. */
  collect(opts?: { maxBytes?: number }): Promise<{ stdout: string; stderr: string; exitCode: number | null }>;
  /** Drop the connection (the process keeps running unless it exits on EOF/HUP). */
  close(): void;
}

export interface ExecOps {
  containerExec(containerId: string, opts: ExecOptions): Promise<ExecSession>;
}

async function readAll(r: Readable, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of r) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (n < maxBytes) parts.push(b.subarray(0, maxBytes - n));
    n += b.length;
  }
  return Buffer.concat(parts).toString("utf8");
}

export function execOps(c: OpContext): ExecOps {
  return {
    async containerExec(containerId, o) {
      const tty = !!o.tty;
      const { Id: id } = await c.t.json<{ Id: string }>("create exec", {
        method: "POST",
        path: `/containers/${encodeURIComponent(containerId)}/exec`,
        body: {
          AttachStdin: !!o.stdin,
          AttachStdout: true,
          AttachStderr: true,
          Tty: tty,
          Cmd: o.cmd,
          Env: o.env,
          WorkingDir: o.workingDir,
          User: o.user,
        },
        timeoutMs: c.timeoutMs,
      });
      const sock = await c.t.hijack(
        "start exec",
        { method: "POST", path: `/exec/${encodeURIComponent(id)}/start`, body: { Detach: false, Tty: tty }, timeoutMs: c.timeoutMs },
        !!o.stdin,
      );

      // Listeners go on before anything else is awaited: a short command can finish right away.
      const finished = new Promise<void>((resolve) => {
        sock.once("end", () => resolve());
        sock.once("close", () => resolve());
        sock.once("error", () => resolve());
      });
      let stdout: Readable;
      const stderr = new PassThrough();
      if (tty) {
        stdout = sock;
        stderr.end();
      } else {
        const out = new PassThrough();
        const feed = demuxer((s, data) => (s === "stderr" ? stderr : out).write(data));
        sock.on("data", feed);
        void finished.then(() => {
          out.end();
          stderr.end();
        });
        stdout = out;
      }

      const resize = async (size: { rows: number; cols: number }) => {
        await c.t.json("resize exec", {
          method: "POST",
          path: `/exec/${encodeURIComponent(id)}/resize`,
          query: { h: Math.max(1, Math.floor(size.rows)), w: Math.max(1, Math.floor(size.cols)) },
          timeoutMs: c.timeoutMs,
        });
      };
      const inspect = async (): Promise<ExecState> => {
        const r = await c.t.json<{ Running?: boolean; ExitCode?: number | null; Pid?: number }>("inspect exec", {
          method: "GET",
          path: `/exec/${encodeURIComponent(id)}/json`,
          timeoutMs: c.timeoutMs,
        });
        return { running: !!r.Running, exitCode: r.Running ? null : (r.ExitCode ?? null), pid: r.Pid ?? 0 };
      };
      if (tty && o.size) await resize(o.size);

      return {
        id,
        tty,
        stream: sock,
        stdout,
        stderr,
        finished,
        resize,
        inspect,
        async collect(opts) {
          const max = opts?.maxBytes ?? 1 << 20;
          const [out, err] = await Promise.all([readAll(stdout, max), readAll(stderr, max)]);
          await finished;
          // the exit code is recorded a moment after the output closes
          let state = await inspect();
          for (let i = 0; i < 20 && state.running; i++) {
            await new Promise((r) => setTimeout(r, 50));
            state = await inspect();
          }
          return { stdout: out, stderr: err, exitCode: state.exitCode };
        },
        close() {
          sock.destroy();
        },
      };
    },
  };
}
