// Web terminal: socket.io `/terminal` (API.md: open → ready/failure, input/output with acks, exit)
// against the Engine API directly (exec create + start, hijacked TTY stream), on the same
// container. Open → first prompt byte, keystroke echo round trips, and output throughput.
import { io, type Socket } from "socket.io-client";
import type { Engine } from "@/lib/docker";
import type { BenchContext } from "../context";
import { containerOfTask } from "../raw";
import { BenchError, now, sleep, stats, until, type Row } from "../support";

export const TERMINAL_ROWS = ["term-open", "term-echo-p50", "term-echo-p95", "term-throughput"] as const;

/** Output side of a terminal: counts bytes, keeps a short tail, wakes waiters. */
class Term {
  received = 0;
  /** Output messages (socket.io `output` events, or stream chunks). */
  chunks = 0;
  tail = "";
  firstByteAt = 0;
  private waiters: (() => void)[] = [];
  constructor(
    readonly send: (s: string) => void,
    readonly close: () => void,
  ) {}
  /** The tail without ANSI control sequences (busybox asks for the cursor position, clears lines). */
  get text(): string {
    return this.tail.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
  }
  feed(s: string): void {
    if (!this.firstByteAt) this.firstByteAt = now();
    this.received += s.length;
    this.chunks++;
    this.tail = (this.tail + s).slice(-512);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  async wait(what: string, pred: () => boolean, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred()) {
      const left = end - Date.now();
      if (left <= 0) throw new BenchError(`terminal: timed out waiting for ${what} (tail ${JSON.stringify(this.tail.slice(-80))})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

async function openPortal(ctx: BenchContext, containerId: string): Promise<{ term: Term; t0: number }> {
  const t0 = now();
  const socket: Socket = io(`${ctx.baseUrl}/terminal`, { auth: { token: ctx.member.token }, transports: ["websocket"], forceNew: true, reconnection: false });
  const term = new Term(
    (s) => socket.emit("input", s),
    () => socket.close(),
  );
  socket.on("output", (data: unknown, ack?: () => void) => {
    term.feed(typeof data === "string" ? data : Buffer.from(data as Uint8Array).toString("latin1"));
    if (typeof ack === "function") ack();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError("terminal: no ready within 20 s")), 20_000);
    socket.on("connect_error", (e) => {
      clearTimeout(timer);
      reject(new BenchError(`not available: /terminal refused the connection (${e.message})`));
    });
    socket.on("failure", (f: { code?: string; message?: string }) => {
      clearTimeout(timer);
      reject(new BenchError(`terminal failure ${f?.code}: ${f?.message}`));
    });
    socket.on("ready", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on("connect", () => socket.emit("open", { containerId, cols: 80, rows: 24, binary: true })); // the browser's terminal asks for bytes too
  }).catch((e) => {
    socket.close();
    throw e;
  });
  return { term, t0 };
}

async function openRaw(engine: Engine, containerId: string): Promise<{ term: Term; t0: number }> {
  const t0 = now();
  const exec = await engine.containerExec(containerId, {
    cmd: ["/bin/sh", "-i"],
    tty: true,
    stdin: true,
    size: { rows: 24, cols: 80 },
    env: ["TERM=xterm-256color"],
  });
  const term = new Term(
    (s) => exec.stream.write(s),
    () => {
      try {
        exec.stream.end(); // EOF: the shell exits
      } catch {
        /* closed */
      }
      setTimeout(() => exec.close(), 200);
    },
  );
  exec.stream.on("data", (b: Buffer) => term.feed(b.toString("latin1")));
  return { term, t0 };
}

type Opener = () => Promise<{ term: Term; t0: number }>;

async function firstPrompt(open: Opener): Promise<number> {
  const { term, t0 } = await open();
  try {
    await term.wait("first output byte", () => term.received > 0);
    return term.firstByteAt - t0;
  } finally {
    term.close();
  }
}

/** Type "x" and wait for its echo; then DEL it (not measured) so the line stays empty. */
async function echoSamples(open: Opener, n: number): Promise<number[]> {
  const { term } = await open();
  try {
    await term.wait("prompt", () => /[#$] $/.test(term.text));
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const mark = term.received;
      const t0 = now();
      term.send("x");
      await term.wait("echo", () => term.received > mark && term.text.endsWith("x"));
      out.push(now() - t0);
      const mark2 = term.received;
      term.send("\x7f");
      await term.wait("erase", () => term.received > mark2 && !term.text.endsWith("x"));
    }
    return out;
  } finally {
    term.close();
  }
}

/** MB/s of `bytes` of output (a yes | head pipeline) seen by the client, command to end marker. */
async function throughput(open: Opener, bytes: number, seen: { chunks: number }): Promise<number> {
  const { term } = await open();
  try {
    await term.wait("prompt", () => /[#$] $/.test(term.text));
    const mark = term.received;
    const chunks0 = term.chunks;
    const t0 = now();
    term.send(`yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ | head -c ${bytes}; echo END""MARK\r`);
    await term.wait("end marker", () => term.tail.includes("ENDMARK"), 600_000);
    const secs = (now() - t0) / 1000;
    if (term.received - mark < bytes) throw new BenchError(`throughput: only ${term.received - mark} of ${bytes} bytes arrived`);
    seen.chunks += term.chunks - chunks0;
    return bytes / (1024 * 1024) / secs;
  } finally {
    term.close();
  }
}

export async function measureTerminal(ctx: BenchContext): Promise<Row[]> {
  const serviceId = ctx.shared.terminalServiceId;
  if (!serviceId) throw new BenchError("no running service to open a terminal on (the scale measure did not run)");
  // a container the swarm keeps (after a scale-down the portal may still list one that is stopping)
  const list = await until(
    "a running container",
    async () => {
      const tasks = await ctx.manager.listTasks({ service: [ctx.shared.terminalEngineService!], "desired-state": ["running"] });
      const live = new Set(tasks.filter((t) => t.state === "running").map((t) => t.id));
      const r = await ctx.member.get(`/api/v1/services/${serviceId}/containers`);
      return (r.body?.items as { id: string; taskId: string; state: string }[] | undefined)?.find((c) => c.state === "running" && live.has(c.taskId));
    },
    30_000,
    200,
  );
  const raw = await containerOfTask(ctx, list.taskId);
  const portalOpen: Opener = () => openPortal(ctx, list.id);
  const rawOpen: Opener = () => openRaw(raw.engine, raw.containerId);

  let unavailable: string | null = null;
  const po: number[] = [];
  const ro: number[] = [];
  for (let i = 0; i < Math.max(3, ctx.sizes.trials * 2); i++) {
    ro.push(await firstPrompt(rawOpen));
    await sleep(300);
    if (!unavailable) {
      try {
        po.push(await firstPrompt(portalOpen));
      } catch (e) {
        unavailable = (e as Error).message;
      }
      await sleep(300); // the portal ends the shell with a kill exec after the disconnect
    }
  }
  ctx.log(`terminal open: raw ${ro.map(Math.round).join(",")} ms; portal ${unavailable ?? po.map(Math.round).join(",") + " ms"}`);

  const re = await echoSamples(rawOpen, ctx.sizes.echoSamples);
  const pe = unavailable ? [] : await echoSamples(portalOpen, ctx.sizes.echoSamples).catch((e) => ((unavailable = (e as Error).message), []));
  const rt: number[] = [];
  const pt: number[] = [];
  const rawChunks = { chunks: 0 };
  const portalChunks = { chunks: 0 };
  for (let i = 0; i < ctx.sizes.throughputTrials; i++) {
    rt.push(await throughput(rawOpen, ctx.sizes.throughputBytes, rawChunks));
    if (!unavailable) {
      await sleep(300);
      pt.push(await throughput(portalOpen, ctx.sizes.throughputBytes, portalChunks).catch((e) => ((unavailable = (e as Error).message), NaN)));
    }
    ctx.log(`terminal throughput trial ${i + 1}: raw ${rt.at(-1)!.toFixed(1)} MB/s, portal ${pt.at(-1)?.toFixed(1) ?? "n/a"} MB/s`);
  }

  const na = unavailable ? `portal not available: ${unavailable}` : "";
  const rOpen = stats(ro).p50;
  const pOpen = unavailable ? null : stats(po).p50;
  const rE = stats(re);
  const pE = unavailable ? null : stats(pe);
  const rT = stats(rt).p50;
  const pT = unavailable ? null : stats(pt).p50;
  const diff = (p: number | null, r: number) => (p === null ? null : p - r);
  const kb = (chunks: number, runs: number) =>
    chunks ? `${((ctx.sizes.throughputBytes * runs) / chunks / 1024).toFixed(1)} KB (${Math.round(chunks / runs)} per run)` : "n/a";
  const rows: Row[] = [
    {
      id: "term-open",
      measure: "terminal open to first prompt byte",
      unit: "ms",
      raw: rOpen,
      portal: pOpen,
      compare: "diff",
      compared: diff(pOpen, rOpen),
      target: "≤ raw + 50 ms",
      verdict: pOpen !== null && pOpen - rOpen <= 50 ? "PASS" : "FAIL",
      note: na || `${po.length} opens each; portal = socket connect + open → first output, raw = exec create + start → first byte`,
      samples: { raw: ro, portal: po },
    },
    {
      id: "term-echo-p50",
      measure: `keystroke echo round trip p50 (${ctx.sizes.echoSamples} samples)`,
      unit: "ms",
      raw: rE.p50,
      portal: pE?.p50 ?? null,
      compare: "diff",
      compared: diff(pE?.p50 ?? null, rE.p50),
      target: "p50 ≤ raw + 1 ms",
      verdict: pE !== null && pE.p50 - rE.p50 <= 1 ? "PASS" : "FAIL",
      note: na,
      samples: { raw: re, portal: pe },
    },
    {
      id: "term-echo-p95",
      measure: `keystroke echo round trip p95 (${ctx.sizes.echoSamples} samples)`,
      unit: "ms",
      raw: rE.p95,
      portal: pE?.p95 ?? null,
      compare: "diff",
      compared: diff(pE?.p95 ?? null, rE.p95),
      target: "p95 ≤ raw + 3 ms",
      verdict: pE !== null && pE.p95 - rE.p95 <= 3 ? "PASS" : "FAIL",
      note: na,
    },
    {
      id: "term-throughput",
      measure: `terminal throughput, ${Math.round(ctx.sizes.throughputBytes / 1048576)} MB of output`,
      unit: "MB/s",
      raw: rT,
      portal: pT,
      compare: "ratio",
      compared: pT === null ? null : pT / rT,
      target: "≥ 0.9×",
      verdict: pT !== null && pT / rT >= 0.9 ? "PASS" : "FAIL",
      note:
        na ||
        `${pt.length} runs each of yes | head -c N through a TTY shell; average message size: raw stream chunk ${kb(rawChunks.chunks, rt.length)}, portal output event ${kb(portalChunks.chunks, pt.length)}`,
      samples: { raw: rt, portal: pt },
    },
  ];
  return rows;
}
