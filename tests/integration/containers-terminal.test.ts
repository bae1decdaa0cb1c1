// Issue 4 acceptance for web terminals, on the lab, through socket.io-client: echo, resize, exit
// code, no leftover shell; T15 refusals create no exec; T16 target binding; T18 open/type/drop
// soak (no shell left, no fd growth); T19 `yes` flood (server responsive, memory bounded); T5.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { sessionCookie } from "../support/api-client";
import { eventually, labEngine } from "../support/lab";
import { randomUUID } from "node:crypto";
import {
  buildContainersWorld,
  execIds,
  fdCount,
  interactiveShells,
  pidListeningOn,
  ps,
  rssKiB,
  tearDownContainersWorld,
  terminal,
  type ContainersWorld,
} from "./containers-world";

const baseUrl = inject("baseUrl");
let w: ContainersWorld;
let target: ContainersWorld["containers"][number];
let portalPid: number;

beforeAll(async () => {
  w = await buildContainersWorld(baseUrl, inject("admin"), "term");
  // a container on another host than the first (the swarm's first manager)
  target = w.containers.find((c) => c.hostIndex !== 0) ?? w.containers[0];
  portalPid = pidListeningOn(Number(new URL(baseUrl).port));
});

afterAll(async () => {
  await tearDownContainersWorld(w);
});

describe("terminal", () => {
  it("opens a shell with an API token on a container of another host: echo, resize, exit code, no leftover shell", async () => {
    const t0 = performance.now();
    const t = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id, cols: 80, rows: 24 });
    const ready = await Promise.race([t.ready, t.failure.then((f) => Promise.reject(new Error(JSON.stringify(f))))]);
    const tReady = performance.now() - t0;
    expect(ready.shell).toMatch(/\/(bash|sh|ash)$/);
    await t.waitFor(/[#$] /);
    const tPrompt = performance.now() - t0;
    const e0 = performance.now();
    t.socket.emit("input", "echo round-$((6*7))\n");
    await t.waitFor(/round-42/);
    const rtt = performance.now() - e0;
    console.log(`[measure] portal terminal: open→ready ${tReady.toFixed(0)} ms, open→prompt ${tPrompt.toFixed(0)} ms, echo round trip ${rtt.toFixed(0)} ms`);

    // T16: the shell runs in the container the server resolved (hostname = engine id prefix)
    t.socket.emit("input", "cat /etc/hostname\n");
    await t.waitFor(new RegExp(target.engineId.slice(0, 12)));

    t.socket.emit("resize", { cols: 123, rows: 37 });
    await new Promise((r) => setTimeout(r, 200));
    t.socket.emit("input", "stty size\n");
    await t.waitFor(/37 123/);

    t.socket.emit("input", "exit 3\n");
    expect(await t.exit).toEqual({ code: 3 });
    t.socket.disconnect();

    const row = await eventually("session row ended", () => db.terminalSession.findFirst({ where: { id: ready.sessionId, endedAt: { not: null } } }), 10_000);
    expect(row).toMatchObject({ containerId: target.id, hostId: target.hostId, exitCode: 3, endReason: "exit", tenantId: w.A.id });
    expect(row.bytesIn).toBeGreaterThan(10);
    expect(row.bytesOut).toBeGreaterThan(10);
    expect(interactiveShells(await ps(target.hostIndex, target.engineId))).toBe(0);
    const audit = await db.auditEvent.findFirst({ where: { action: "container.exec", targetId: target.id } });
    expect(audit).toBeTruthy();
  });

  it("binary output (the browser's terminal): the shell's bytes, UTF-8 split anywhere, no pid line; text stays the default", async () => {
    const bin = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id, cols: 80, rows: 24, binary: true });
    await Promise.race([bin.ready, bin.failure.then((f) => Promise.reject(new Error(JSON.stringify(f))))]);
    await bin.waitFor(/[#$] /);
    // 中文 as octal escapes, 12,000 times (72 KB): messages of up to 32 KiB end inside multi-byte characters
    bin.socket.emit("input", "i=0; while [ $i -lt 12000 ]; do printf '\\344\\270\\255\\346\\226\\207'; i=$((i+1)); done; echo; echo bin-$((6*7))\n");
    await bin.waitFor(/bin-42/, 30_000);
    expect(bin.kinds).toEqual(new Set(["bytes"]));
    expect(bin.out()).toContain("中文".repeat(12000));
    expect(bin.out()).not.toContain("\ufffd");
    expect(bin.out()).not.toContain("caas-pid:");
    bin.socket.emit("input", "exit 0\n");
    expect(await bin.exit).toEqual({ code: 0 });
    bin.socket.disconnect();

    const text = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id, cols: 80, rows: 24 });
    await text.waitFor(/[#$] /);
    text.socket.emit("input", "printf '\\344\\270\\255\\346\\226\\207-text\\n'; exit 0\n");
    expect(await text.exit).toEqual({ code: 0 });
    expect(text.kinds).toEqual(new Set(["string"]));
    expect(text.out()).toContain("中文-text");
    expect(text.out()).not.toContain("caas-pid:");
    text.socket.disconnect();
  });

  it("lists the tenant's sessions for owners only", async () => {
    const r = await w.A.users.owner.api.get(`/api/v1/terminal-sessions?tenantId=${w.A.id}`);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items[0]).toMatchObject({ containerId: target.id, user: { email: w.A.users.member.email } });
    expect((await w.A.users.member.api.get(`/api/v1/terminal-sessions?tenantId=${w.A.id}`)).status).toBe(403);
    expect((await w.B.users.owner.api.get(`/api/v1/terminal-sessions?tenantId=${w.A.id}`)).status).toBe(404);
  });
});

describe("T15/T16 refusals create no exec", () => {
  async function refused(opts: Parameters<typeof terminal>[1], open: Record<string, unknown>, expected: string) {
    const before = await execIds(target.hostIndex, target.engineId);
    const t = terminal(baseUrl, opts, open);
    const f = await Promise.race([t.failure, t.ready.then((r) => ({ code: "READY", message: JSON.stringify(r) }))]);
    t.socket.disconnect();
    expect(f.code).toBe(expected);
    await new Promise((r) => setTimeout(r, 300));
    const after = await execIds(target.hostIndex, target.engineId);
    expect(after.filter((id) => !before.includes(id))).toEqual([]);
  }

  it("no credentials", () => refused({}, { containerId: "x" }, "CONNECT_ERROR"));
  it("an invalid token", () => refused({ token: "caas_nope" }, { containerId: "x" }, "CONNECT_ERROR"));
  it("another tenant's owner", () => refused({ token: w.tokens.other }, { containerId: target.id }, "NOT_FOUND"));
  it("a viewer of the tenant", () => refused({ token: w.tokens.viewer }, { containerId: target.id }, "FORBIDDEN"));
  it("a session cookie from a foreign Origin", async () => {
    const cookie = await sessionCookie(baseUrl, w.A.users.member.email, w.A.users.member.password);
    await refused({ cookie, origin: "http://evil.example" }, { containerId: target.id }, "CONNECT_ERROR");
    // the same cookie from our own origin is accepted: it is the Origin that was refused
    const ok = terminal(baseUrl, { cookie, origin: baseUrl }, { containerId: target.id });
    await ok.ready;
    ok.socket.emit("input", "exit\n");
    await ok.exit;
    ok.socket.disconnect();
  });
  it("T16: an engine container id or a host-qualified id is not a portal id", async () => {
    await refused({ token: w.tokens.member }, { containerId: target.engineId.slice(0, 64) }, "NOT_FOUND");
    // client-sent host or engine ids are ignored: the shell still runs in the resolved container
    const other = w.containers.find((c) => c.id !== target.id)!;
    const t = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id, hostId: other.hostId, engineId: other.engineId });
    await t.ready;
    t.socket.emit("input", "cat /etc/hostname; exit\n");
    await t.waitFor(new RegExp(target.engineId.slice(0, 12)));
    await t.exit;
    t.socket.disconnect();
  });
  it("an unknown shell is refused (allow-list)", () => refused({ token: w.tokens.member }, { containerId: target.id, shell: "python; rm -rf /" }, "NO_SHELL"));
});

describe("T18 open/type/drop soak", () => {
  it("30 abrupt disconnects leave no shell (nor its children) and no fd growth in the portal", async () => {
    const warm = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id });
    await warm.ready;
    warm.socket.disconnect();
    await new Promise((r) => setTimeout(r, 2000));
    const fd0 = fdCount(portalPid);
    for (let i = 0; i < 30; i++) {
      const t = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id });
      await t.ready;
      t.socket.emit("input", i % 2 ? `echo cycle-${i}\n` : `echo cycle-${i}; sleep 1000\n`);
      await t.waitFor(new RegExp(`cycle-${i}\\r?\\n`));
      if (i % 3 === 0)
        t.socket.io.engine.close(); // transport drop, no socket.io goodbye
      else t.socket.disconnect();
    }
    const left = await eventually(
      "no shell and no sleep left in the container",
      async () => {
        const out = await ps(target.hostIndex, target.engineId);
        if (interactiveShells(out) === 0 && !/sleep 1000/.test(out)) return out;
        throw new Error(`still in the container:\n${out}`);
      },
      30_000,
      1000,
    );
    expect(left).toBeTruthy();
    // A session row is closed after its shell is killed: the last one may still be on its way.
    const open = await eventually(
      "every session row ended",
      async () => ((await db.terminalSession.count({ where: { containerId: target.id, endedAt: null } })) === 0 ? true : null),
      10_000,
      250,
    );
    expect(open).toBe(true);
    await new Promise((r) => setTimeout(r, 2000));
    const fd1 = fdCount(portalPid);
    console.log(`[measure] portal fds before/after 30 cycles: ${fd0} / ${fd1}`);
    expect(fd1 - fd0).toBeLessThan(10);
  });
});

describe("T19 flood", () => {
  it("`yes` keeps the server responsive and its memory bounded; a client that stops acking pauses the shell", async () => {
    const rss0 = rssKiB(portalPid);
    const flood = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id });
    await flood.ready;
    flood.socket.emit("input", "yes\n");
    await flood.waitFor(/y\r?\ny\r?\ny/);
    const probe = terminal(baseUrl, { token: w.tokens.member }, { containerId: w.containers.find((c) => c.id !== target.id)!.id });
    await probe.ready;
    await probe.waitFor(/[#$] /);
    const rtts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const e0 = performance.now();
      // arithmetic: only the command's output matches, not the echoed keystrokes
      probe.socket.emit("input", `echo probe-$((${i}+1000))\n`);
      await probe.waitFor(new RegExp(`probe-${i + 1000}`));
      rtts.push(performance.now() - e0);
      await new Promise((r) => setTimeout(r, 300));
    }
    // a client that stops acking: the server stops reading, its buffer stays bounded
    flood.holdAcks = true;
    await new Promise((r) => setTimeout(r, 3000));
    const before = flood.out().length;
    await new Promise((r) => setTimeout(r, 1000));
    const grewWhileHeld = flood.out().length - before;
    const rss1 = rssKiB(portalPid);
    console.log(
      `[measure] T19: echo round trips while flooding ${rtts.map((x) => x.toFixed(0)).join(", ")} ms; portal RSS ${rss0} → ${rss1} KiB; output while acks held ${grewWhileHeld} B`,
    );
    // A flood that starved the server would slow every probe; one slow probe is the loaded machine
    // (CI saw 2.7 s once with the other tier and a build running side by side): the median decides.
    const median = [...rtts].sort((a, b) => a - b)[2];
    expect(median).toBeLessThan(1000);
    expect(Math.max(...rtts)).toBeLessThan(5000);
    expect(grewWhileHeld).toBeLessThan(300 * 1024);
    expect(rss1 - rss0).toBeLessThan(150 * 1024);
    flood.holdAcks = false;
    flood.releaseAcks();
    flood.socket.emit("input", "\u0003");
    flood.socket.emit("input", "echo flood-$((1+1))-over\n");
    await flood.waitFor(/flood-2-over/, 20_000);
    flood.socket.disconnect();
    probe.socket.disconnect();
    await eventually(
      "no shell left after the flood",
      async () => {
        const out = await ps(target.hostIndex, target.engineId);
        if (interactiveShells(out) === 0 && !/\byes\b/.test(out)) return true;
        throw new Error(`still in the container:\n${out}`);
      },
      30_000,
      1000,
    );
  });
});

describe("a session's processes found by its token (the kill when the shell's pid line never came)", () => {
  it("ends every process started with the session's token, and nothing else in the container", async () => {
    const { killSessionProcesses, SESSION_ENV } = await import("@/lib/containers/shell");
    const engine = labEngine(target.hostIndex);
    const token = randomUUID();
    // a shell-like tree of the session (a background child and a foreground one), and a bystander
    const session = await engine.containerExec(target.engineId, { cmd: ["sh", "-c", "sleep 4101 & exec sleep 4102"], env: [`${SESSION_ENV}=${token}`] });
    const bystander = await engine.containerExec(target.engineId, { cmd: ["sleep", "4103"], env: [`${SESSION_ENV}=${randomUUID()}`] });
    try {
      await eventually(
        "the session's processes run",
        async () => /sleep 4101/.test(await ps(target.hostIndex, target.engineId)) && /sleep 4102/.test(await ps(target.hostIndex, target.engineId)),
        15_000,
        200,
      );
      await killSessionProcesses(engine, target.engineId, token);
      const out = await ps(target.hostIndex, target.engineId);
      expect(out).not.toMatch(/sleep 410[12]/);
      expect(out).toMatch(/sleep 4103/);
      // a malformed token reaches nothing
      await killSessionProcesses(engine, target.engineId, "x; kill -9 -1");
      expect(await ps(target.hostIndex, target.engineId)).toMatch(/sleep 4103/);
    } finally {
      session.close();
      bystander.close();
      await (await engine.containerExec(target.engineId, { cmd: ["sh", "-c", "pkill -f 'sleep 410' ; exit 0"] })).collect().catch(() => undefined);
    }
  });
});

describe("T5 revocation", () => {
  it("removing the member closes the open terminal within 60 s and kills the shell", async () => {
    const extra = w.A.users.member; // re-added below
    const t = terminal(baseUrl, { token: w.tokens.member }, { containerId: target.id });
    await t.ready;
    const closed = new Promise<number>((r) => t.socket.once("disconnect", () => r(Date.now())));
    const t0 = Date.now();
    const rm = await w.A.users.owner.api.delete(`/api/v1/tenants/${w.A.id}/members/${extra.id}`);
    expect(rm.status).toBe(204);
    const at = await Promise.race([closed, new Promise<number>((_, rej) => setTimeout(() => rej(new Error("not closed in 60 s")), 60_000))]);
    console.log(`[measure] T5: terminal closed ${at - t0} ms after the membership was removed`);
    await eventually(
      "shell gone",
      async () => {
        const out = await ps(target.hostIndex, target.engineId);
        if (interactiveShells(out) === 0) return true;
        throw new Error(`still in the container:\n${out}`);
      },
      15_000,
      1000,
    );
    const back = await w.A.users.owner.api.post(`/api/v1/tenants/${w.A.id}/members`, { userId: extra.id, role: "member" });
    expect(back.status).toBe(201);
  });
});
