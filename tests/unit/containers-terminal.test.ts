// TerminalSession without an engine (its database and container lookup are parameters): ack flow
// control keeps un-acked output bounded and pauses the exec stream (T19); ending the session kills
// the shell by the pid its wrapper printed (T18).
import { Duplex } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { HIGH_WATER, TerminalSession, type TerminalDeps } from "@/lib/containers/terminal-session";
import { killWithRetry } from "@/lib/containers/shell";

const execCalls: string[][] = [];
let shellStream: FakeStream;

class FakeStream extends Duplex {
  written = "";
  ended = false;
  _read() {}
  _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.written += chunk.toString();
    cb();
  }
  _final(cb: () => void) {
    this.ended = true;
    cb();
  }
}

function fakeExec(cmd: string[]) {
  execCalls.push(cmd);
  const stream = cmd[2]?.includes("caas-pid") ? shellStream : new FakeStream();
  let running = true;
  return {
    id: `exec-${execCalls.length}`,
    tty: true,
    stream,
    stdout: stream,
    stderr: stream,
    finished: new Promise<void>((r) =>
      stream.once("close", () => {
        running = false;
        r();
      }),
    ),
    resize: async () => undefined,
    inspect: async () => ({ running, exitCode: running ? null : 0, pid: 4242 }),
    collect: async () => ({ stdout: cmd[3] === "probe" ? "/bin/sh\n" : "", stderr: "", exitCode: 0 }),
    close: () => stream.destroy(),
  };
}

const audits: { action: string; result: string; detailsJson: string }[] = [];
let failShellExec = false;
/** An audit row as recordAudit writes it (one plain INSERT): its columns zipped with its values. */
function auditRow(q: { sql: string; values: unknown[] }) {
  const columns = /INSERT INTO "AuditEvent" \(([^)]*)\)/
    .exec(q.sql)?.[1]
    .split(",")
    .map((c) => c.trim().replaceAll('"', ""));
  if (!columns) throw new Error(`not an audit insert: ${q.sql}`);
  return Object.fromEntries(columns.map((c, i) => [c, q.values[i]])) as unknown as (typeof audits)[number];
}
/** The session's database, as a parameter: the session row and the audit INSERT (recordAudit). */
const fakeDb = {
  $transaction: async (fn: (tx: unknown) => unknown) =>
    fn({
      terminalSession: { create: async () => ({ id: "sess1" }), update: async () => ({}) },
      $executeRaw: async (q: { sql: string; values: unknown[] }) => (audits.push(auditRow(q)), 1),
    }),
  terminalSession: { update: async () => ({}) },
};
const resolveFake = async () => ({
  id: "c1",
  tenantId: "t1",
  serviceId: "s1",
  slot: 1,
  state: "running",
  engineId: "e".repeat(64),
  host: { id: "h1", name: "lab2", environmentId: "env" },
  engine: {
    containerExec: async (_id: string, o: { cmd: string[] }) => {
      if (failShellExec && o.cmd[2]?.includes("caas-pid")) throw new Error("engine refused the exec");
      return fakeExec(o.cmd);
    },
  },
});
const deps = { db: fakeDb, resolveContainer: resolveFake } as unknown as TerminalDeps;
const actor = { userId: "u1", email: "u@x", name: "u", platformAdmin: false, roles: new Map([["t1", "member" as const]]), via: "token" as const };

describe("TerminalSession", () => {
  beforeEach(() => {
    execCalls.length = 0;
    audits.length = 0;
    failShellExec = false;
    shellStream = new FakeStream();
  });

  it("holds small output while a message is un-acked and sends it as one message on the ack (or after 20 ms)", async () => {
    const sent: { data: string; ack: () => void }[] = [];
    const s = await TerminalSession.open({
      deps,
      actor,
      containerId: "c1",
      cols: 80,
      rows: 24,
      sink: { output: (d, ack) => sent.push({ data: String(d), ack }), exit: () => undefined },
    });
    s.start();
    shellStream.push("caas-pid:78\r\n/ # ");
    await new Promise((r) => setTimeout(r, 2));
    expect(sent.map((m) => m.data)).toEqual(["/ # "]); // nothing in flight: leaves at once
    for (const c of ["a", "b", "c"]) shellStream.push(c);
    await new Promise((r) => setTimeout(r, 2));
    expect(sent).toHaveLength(1); // the prompt is not acked yet: held
    sent[0].ack();
    expect(sent.map((m) => m.data)).toEqual(["/ # ", "abc"]); // one message, on the ack
    shellStream.push("d");
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 30)); // a client that is slow to ack still gets it
    expect(sent.map((m) => m.data)).toEqual(["/ # ", "abc", "d"]);
    await s.end("disconnect");
  });

  it("collects a flood into fewer messages even when acks come back at once, and still sends a lone echo at once", async () => {
    const sent: string[] = [];
    const s = await TerminalSession.open({
      deps,
      actor,
      containerId: "c1",
      cols: 80,
      rows: 24,
      sink: { output: (d, ack) => (sent.push(String(d)), ack()), exit: () => undefined }, // acks at once
    });
    s.start();
    const tick = () => new Promise((r) => setImmediate(r));
    const kb2 = "y\n".repeat(1024);
    shellStream.push("caas-pid:79\r\n" + kb2);
    for (let i = 0; i < 100 && sent.length === 0; i++) await tick(); // the stream starts flowing on a later tick
    expect(sent).toEqual([kb2]); // nothing before it: leaves at once
    shellStream.push(kb2); // moments after a big message: a flood, held a few ms
    await tick();
    shellStream.push(kb2);
    await tick();
    expect(sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([kb2, kb2 + kb2]); // one message for both
    await new Promise((r) => setTimeout(r, 10)); // the flood is over
    shellStream.push("x");
    await tick();
    expect(sent.at(-1)).toBe("x"); // a keystroke's echo is not held
    await s.end("disconnect");
  });

  it("strips the pid line, pauses past the high-water mark and resumes on acks", async () => {
    const acks: (() => void)[] = [];
    let out = "";
    const s = await TerminalSession.open({
      deps,
      actor,
      containerId: "c1",
      cols: 80,
      rows: 24,
      sink: { output: (d, ack) => ((out += d), acks.push(ack)), exit: () => undefined },
    });
    s.start();
    expect(execCalls.at(-1)).toEqual(["/bin/sh", "-c", 'echo "caas-pid:$$"; exec "$0" -i', "/bin/sh"]);
    shellStream.push("caas-pid:77\r\n/ # ");
    // output is batched and leaves on a later turn of the event loop
    await new Promise((r) => setTimeout(r, 5));
    expect(out).toBe("/ # ");
    const chunk = "y\n".repeat(32 * 1024); // 64 KiB
    for (let i = 0; i < 40; i++) shellStream.push(chunk);
    await new Promise((r) => setTimeout(r, 20));
    expect(shellStream.isPaused()).toBe(true);
    const delivered = out.length;
    expect(delivered).toBeLessThanOrEqual(HIGH_WATER + 2 * chunk.length);
    acks.splice(0).forEach((a) => a());
    await new Promise((r) => setTimeout(r, 20));
    expect(out.length).toBeGreaterThan(delivered);
    s.input("ls\n");
    expect(shellStream.written).toBe("ls\n");
    await s.end("disconnect");
    const kill = execCalls.at(-1)!;
    expect(kill[0]).toBe("/bin/sh");
    expect(kill.at(-1)).toBe("77");
    expect(shellStream.destroyed).toBe(true);
  });

  it("a session ended before start() (its socket left while it opened) still reads the pid and kills the shell", async () => {
    const s = await TerminalSession.open({ deps, actor, containerId: "c1", cols: 80, rows: 24, sink: { output: () => undefined, exit: () => undefined } });
    const ending = s.end("disconnect");
    setTimeout(() => shellStream.push("caas-pid:91\n$ "), 20);
    await ending;
    expect(execCalls.at(-1)!.at(-1)).toBe("91");
    expect(shellStream.destroyed).toBe(true);
  });
});

describe("a terminal whose exec the engine refuses", () => {
  it("is audited as attempted and as failed (result error), and nothing is opened", async () => {
    audits.length = 0;
    failShellExec = true;
    await expect(
      TerminalSession.open({ deps, actor, containerId: "c1", cols: 80, rows: 24, sink: { output: () => undefined, exit: () => undefined } }),
    ).rejects.toThrow();
    expect(audits.map((a) => [a.action, a.result])).toEqual([
      ["container.exec", "ok"],
      ["container.exec", "error"],
    ]);
    expect(JSON.parse(audits[1].detailsJson)).toMatchObject({ sessionId: "sess1", error: "INTERNAL" });
  });
});

describe("killWithRetry", () => {
  it("tries a failed kill again and reports whether one attempt succeeded", async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new Error("engine busy");
    };
    expect(await killWithRetry(flaky, 3, 1)).toBe(true);
    expect(calls).toBe(3);
    calls = -10;
    expect(await killWithRetry(flaky, 2, 1)).toBe(false);
  });
});
