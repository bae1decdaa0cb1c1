// T29 live revocation (issue 9, hole 1), written as the attack: a user holds a shell, a log stream
// and a job subscription on sockets they already have; their access is taken away in each of the
// five ways (membership removed, user disabled, password reset by an admin, API token revoked,
// session signed out). Each open shell and log stream must end within 5 s, and the next `open`,
// `follow` and `subscribe-job` on the same socket must be refused. A revocation written straight
// into the database (no signal at all) must still refuse the very next event: sockets authorize
// the actor as it is now, never as it was at the handshake.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { db } from "@/lib/db";
import { ApiClient, sessionCookie, tokenClient, unique } from "../support/api-client";
import { eventually } from "../support/lab";
import { buildContainersWorld, interactiveShells, ps, tearDownContainersWorld, terminal, type ContainersWorld } from "./containers-world";

const baseUrl = inject("baseUrl");
let w: ContainersWorld;
let target: ContainersWorld["containers"][number];
let deployJobId: string;

interface Victim {
  id: string;
  email: string;
  password: string;
  api: ApiClient;
  token: string;
  cookie: string;
}

async function newVictim(role: "member" | "viewer" = "member"): Promise<Victim> {
  const email = `${unique("victim")}@example.test`.toLowerCase();
  const password = "victim-password-1";
  const u = await w.admin.post("/api/v1/users", { email, name: "Victim", password });
  expect(u.status).toBe(201);
  const m = await w.admin.post(`/api/v1/tenants/${w.A.id}/members`, { userId: u.body.id, role });
  expect(m.status).toBe(201);
  const api = await tokenClient(baseUrl, email, password);
  return { id: u.body.id, email, password, api, token: api.auth.token!, cookie: await sessionCookie(baseUrl, email, password) };
}

type Creds = { token: string } | { cookie: string };

function connect(nsp: "/logs" | "/events", creds: Creds): Socket {
  return io(`${baseUrl}${nsp}`, {
    auth: "token" in creds ? { token: creds.token } : {},
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: "cookie" in creds ? { cookie: creds.cookie, origin: baseUrl } : {},
  });
}

async function connected(s: Socket): Promise<void> {
  if (s.connected) return;
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("connect_error", (e) => reject(e));
  });
}

type Ack = { ok: boolean; error?: { code: string } };

/** Emits with an ack; a socket the server disconnected answers { ok: false, error: DISCONNECTED }. */
async function ask(s: Socket, event: string, arg: unknown): Promise<Ack> {
  if (s.disconnected) return { ok: false, error: { code: "DISCONNECTED" } };
  try {
    return (await s.timeout(5_000).emitWithAck(event, arg)) as Ack;
  } catch {
    return { ok: false, error: { code: s.disconnected ? "DISCONNECTED" : "NO_ANSWER" } };
  }
}

/** What the victim holds open before the revocation: a shell, a log stream and a job subscription. */
async function holdEverything(creds: Creds) {
  const term = terminal(baseUrl, "token" in creds ? { token: creds.token } : { cookie: creds.cookie, origin: baseUrl }, { containerId: target.id });
  await Promise.race([term.ready, term.failure.then((f) => Promise.reject(new Error(`terminal: ${JSON.stringify(f)}`)))]);
  await term.waitFor(/[#$] /);
  const logs = connect("/logs", creds);
  await connected(logs);
  let lines = 0;
  logs.on("lines", (batch: unknown[], ack?: () => void) => {
    lines += batch.length;
    ack?.();
  });
  const logsEnded = new Promise<number>((r) => {
    logs.once("end", () => r(Date.now()));
    logs.once("disconnect", () => r(Date.now()));
  });
  expect(await ask(logs, "follow", { serviceId: w.serviceId, tail: 5 })).toMatchObject({ ok: true });
  await eventually("log lines flow", async () => lines > 0, 10_000, 100);
  const events = connect("/events", creds);
  await connected(events);
  expect(await ask(events, "subscribe-job", deployJobId)).toMatchObject({ ok: true });
  const shellEnded = new Promise<number>((r) => {
    term.socket.once("failure", () => r(Date.now()));
    term.socket.once("exit", () => r(Date.now()));
    term.socket.once("disconnect", () => r(Date.now()));
  });
  return { term, logs, events, logsEnded, shellEnded };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what} not within ${ms} ms`)), ms))]);
}

async function expectRefusedEverywhere(h: Awaited<ReturnType<typeof holdEverything>>) {
  // the same sockets: a new shell, a new follow, a new subscription are each refused
  if (!h.term.socket.disconnected) {
    const f = new Promise<{ code: string }>((r) => h.term.socket.once("failure", r));
    const ready = new Promise((r) => h.term.socket.once("ready", r));
    h.term.socket.emit("open", { containerId: target.id, cols: 80, rows: 24 });
    const outcome = await Promise.race([
      f,
      ready.then(() => ({ code: "READY" })),
      new Promise<{ code: string }>((r) => h.term.socket.once("disconnect", () => r({ code: "DISCONNECTED" }))),
    ]);
    expect(outcome.code).not.toBe("READY");
  }
  const follow = await ask(h.logs, "follow", { serviceId: w.serviceId, tail: 5 });
  expect(follow.ok).toBe(false);
  const sub = await ask(h.events, "subscribe-job", deployJobId);
  expect(sub.ok).toBe(false);
}

beforeAll(async () => {
  w = await buildContainersWorld(baseUrl, inject("admin"), "revoke");
  target = w.containers[0];
  const job = await db.job.findFirst({ where: { tenantId: w.A.id }, orderBy: { createdAt: "desc" } });
  if (!job) throw new Error("no deploy job");
  deployJobId = job.id;
});

afterAll(async () => {
  await tearDownContainersWorld(w);
});

const ways: { name: string; creds: (v: Victim) => Creds; revoke: (v: Victim) => Promise<void> }[] = [
  {
    name: "membership removed",
    creds: (v) => ({ token: v.token }),
    revoke: async (v) => {
      expect((await w.A.users.owner.api.delete(`/api/v1/tenants/${w.A.id}/members/${v.id}`)).status).toBe(204);
    },
  },
  {
    name: "user disabled",
    creds: (v) => ({ token: v.token }),
    revoke: async (v) => {
      expect((await w.admin.patch(`/api/v1/users/${v.id}`, { disabled: true })).status).toBe(200);
    },
  },
  {
    name: "password reset by an admin",
    creds: (v) => ({ cookie: v.cookie }),
    revoke: async (v) => {
      expect((await w.admin.patch(`/api/v1/users/${v.id}`, { password: "a-new-password-2" })).status).toBe(200);
    },
  },
  {
    name: "API token revoked",
    creds: (v) => ({ token: v.token }),
    revoke: async (v) => {
      const list = await v.api.get("/api/v1/tokens");
      const mine = list.body.items.find((t: { prefix: string }) => v.token.startsWith(t.prefix));
      expect((await v.api.delete(`/api/v1/tokens/${mine.id}`)).status).toBe(204);
    },
  },
  {
    name: "session signed out",
    creds: (v) => ({ cookie: v.cookie }),
    revoke: async (v) => {
      const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: v.cookie } });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const jar = [v.cookie, ...csrf.headers.getSetCookie().map((c) => c.split(";")[0])];
      const r = await fetch(`${baseUrl}/api/auth/signout`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; "), origin: baseUrl },
        body: new URLSearchParams({ csrfToken, json: "true" }),
        redirect: "manual",
      });
      expect(r.status).toBeLessThan(400);
    },
  },
];

describe("T29 live revocation on sockets", () => {
  for (const way of ways) {
    it(`${way.name}: open shell and log stream end within 5 s; open, follow and subscribe are refused on the same sockets`, async () => {
      const v = await newVictim();
      const h = await holdEverything(way.creds(v));
      const t0 = Date.now();
      await way.revoke(v);
      const [shellAt, logsAt] = await within(Promise.all([h.shellEnded, h.logsEnded]), 5_000, "shell and log stream closed");
      console.log(`[measure] T29 ${way.name}: shell closed after ${shellAt - t0} ms, log stream after ${logsAt - t0} ms`);
      await expectRefusedEverywhere(h);
      await eventually(
        "the victim's shell is gone from the container",
        async () => interactiveShells(await ps(target.hostIndex, target.engineId)) === 0,
        15_000,
        500,
      );
      for (const s of [h.term.socket, h.logs, h.events]) s.disconnect();
    });
  }

  it("a cookie copied before sign-out opens no page and no socket afterwards", async () => {
    const v = await newVictim();
    const before = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: v.cookie } });
    expect(before.status).toBe(200);
    await ways[4].revoke(v);
    const after = await fetch(`${baseUrl}/api/v1/me`, { headers: { cookie: v.cookie } });
    expect(after.status).toBe(401);
    const page = await fetch(`${baseUrl}/apps`, { headers: { cookie: v.cookie }, redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(page.status);
    const s = connect("/logs", { cookie: v.cookie });
    await expect(connected(s)).rejects.toThrow(/UNAUTHENTICATED/);
    s.disconnect();
  });

  it("a password reset revokes the user's API tokens unless the admin keeps them", async () => {
    const v = await newVictim();
    expect((await w.admin.patch(`/api/v1/users/${v.id}`, { password: "kept-password-3", keepApiTokens: true })).status).toBe(200);
    expect((await v.api.get("/api/v1/me")).status).toBe(200);
    expect((await w.admin.patch(`/api/v1/users/${v.id}`, { password: "reset-password-4" })).status).toBe(200);
    expect((await v.api.get("/api/v1/me")).status).toBe(401);
    // and a registry login with the old token is refused
    const reg = await fetch(`${baseUrl}/api/registry/token?scope=repository:t/${w.A.slug}/x:pull`, {
      headers: { authorization: `Basic ${Buffer.from(`${v.email}:${v.token}`).toString("base64")}` },
    });
    expect(reg.status).toBe(401);
  });

  it("a revocation written straight into the database (no signal) refuses the very next event", async () => {
    const v = await newVictim();
    const creds = { token: v.token };
    const term = terminal(baseUrl, creds);
    const logs = connect("/logs", creds);
    const events = connect("/events", creds);
    await Promise.all([connected(term.socket), connected(logs), connected(events)]);
    // behind every use-case's back: nothing announces this change
    await db.membership.delete({ where: { tenantId_userId: { tenantId: w.A.id, userId: v.id } } });
    const f = new Promise<{ code: string }>((r) => term.socket.once("failure", r));
    term.socket.emit("open", { containerId: target.id, cols: 80, rows: 24 });
    expect((await within(f, 5_000, "terminal refusal")).code).toBe("NOT_FOUND");
    expect(await ask(logs, "follow", { containerId: target.id })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await ask(events, "subscribe-job", deployJobId)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    for (const s of [term.socket, logs, events]) s.disconnect();
  });

  it("demotion to viewer ends the shell (no exec) but keeps the log stream (viewers read logs)", async () => {
    const v = await newVictim();
    const h = await holdEverything({ token: v.token });
    expect((await w.A.users.owner.api.post(`/api/v1/tenants/${w.A.id}/members`, { userId: v.id, role: "viewer" })).status).toBe(201);
    await within(h.shellEnded, 5_000, "shell closed");
    expect(h.logs.connected).toBe(true);
    expect(await ask(h.logs, "follow", { containerId: target.id, tail: 1 })).toMatchObject({ ok: true });
    for (const s of [h.term.socket, h.logs, h.events]) s.disconnect();
  });
});

describe("T1 sweep over every socket event", () => {
  // Every event that starts something, with tenant A's ids, as tenant B's owner, member and viewer:
  // all refused with the same answer as for an id that does not exist; anonymous is refused at the
  // handshake. No exec is created in A's container by any of them.
  const events: { nsp: "/terminal" | "/logs" | "/events"; event: string; arg: () => unknown }[] = [
    { nsp: "/terminal", event: "open", arg: () => ({ containerId: target.id, cols: 80, rows: 24 }) },
    { nsp: "/logs", event: "follow", arg: () => ({ containerId: target.id, tail: 1 }) },
    { nsp: "/logs", event: "follow", arg: () => ({ serviceId: w.serviceId, tail: 1 }) },
    { nsp: "/events", event: "subscribe-job", arg: () => deployJobId },
  ];
  const missing: Record<string, unknown> = {
    open: { containerId: "c0000000000000000000missing", cols: 80, rows: 24 },
    follow: { containerId: "c0000000000000000000missing" },
    "subscribe-job": "c0000000000000000000missing",
  };

  async function answer(nsp: string, creds: Creds | null, event: string, arg: unknown): Promise<string> {
    const s = io(`${baseUrl}${nsp}`, {
      auth: creds && "token" in creds ? { token: creds.token } : {},
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
    });
    try {
      await connected(s);
    } catch (e) {
      return `handshake:${(e as Error).message}`;
    }
    try {
      if (event === "open") {
        const f = await within(
          new Promise<{ code: string }>((r) => {
            s.once("failure", r);
            s.once("ready", () => r({ code: "READY" }));
            s.emit("open", arg);
          }),
          10_000,
          "terminal answer",
        );
        return f.code;
      }
      const a = await ask(s, event, arg);
      return a.ok ? "OK" : a.error!.code;
    } finally {
      s.disconnect();
    }
  }

  it("tenant B's owner, member and viewer and anonymous are refused on every event, as for a missing id", async () => {
    const before = await db.terminalSession.count({ where: { containerId: target.id } });
    for (const e of events) {
      for (const role of ["owner", "member", "viewer"] as const) {
        const creds = { token: w.B.users[role].api.auth.token! };
        const got = await answer(e.nsp, creds, e.event, e.arg());
        const none = await answer(e.nsp, creds, e.event, missing[e.event]);
        expect(got, `${role} of B on ${e.nsp} ${e.event}`).toBe("NOT_FOUND");
        expect(got).toBe(none);
      }
      expect(await answer(e.nsp, null, e.event, e.arg())).toBe("handshake:UNAUTHENTICATED");
    }
    expect(await db.terminalSession.count({ where: { containerId: target.id } })).toBe(before);
  });
});
