// Issue 9 hole 5 — ssh:// uses only the key stored for that host: never the portal's SSH agent,
// no other auth method; the server's host key is checked on every connection (pinned on first
// use by the caller); the guard applies to ssh:// too. The sshd here is ssh2's Server on
// 127.0.0.1 in this process, forwarding `docker system dial-stdio` to a fake engine.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Server, utils, type Connection } from "ssh2";
import { closeEngines, connectionCategory, engineFor, generateSshKeyPair, isUsableSshPrivateKey } from "@/lib/docker";
import { sshAgent, sshConnectConfig, sshFingerprint } from "@/lib/docker/connect";
import { toHostDto } from "@/lib/hosts/host-dto";
import { tempDir } from "../support/distribution";

// ssh2's generator writes a key its own parser refuses about once in 200: draw until it parses
const keyPair = () => {
  for (;;) {
    const k = utils.generateKeyPairSync("ed25519");
    if (isUsableSshPrivateKey(k.private)) return k;
  }
};
const hostKey = keyPair();
const clientKey = keyPair();
const strangerKey = keyPair();
const allowed = utils.parseKey(clientKey.public);
if (allowed instanceof Error || Array.isArray(allowed)) throw new Error("test key");
const hostFingerprint = (() => {
  const k = utils.parseKey(hostKey.public);
  if (k instanceof Error || Array.isArray(k)) throw new Error("test key");
  return sshFingerprint(k.getPublicSSH());
})();

/** While > 0, the fake engine answers /_ping that much later (a request in flight). */
let slowPingMs = 0;
const engine = http.createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  const answer = () => res.end(req.url?.includes("/version") ? JSON.stringify({ ApiVersion: "1.41" }) : "OK");
  if (slowPingMs && req.url?.includes("/_ping")) setTimeout(answer, slowPingMs);
  else answer();
});
const seen = { connections: 0, methods: [] as string[], execs: [] as string[], agentConnections: 0 };
const sshd = new Server({ hostKeys: [hostKey.private] }, (client: Connection) => {
  client
    .on("authentication", (ctx) => {
      seen.methods.push(ctx.method);
      if (ctx.method !== "publickey" || ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject(["publickey"]);
      if (ctx.signature && allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(["publickey"]);
      ctx.accept();
    })
    .on("ready", () => {
      client.on("session", (accept) => {
        accept().on("exec", (acceptExec, reject, info) => {
          seen.execs.push(info.command);
          if (info.command !== "docker system dial-stdio") return reject();
          const ch = acceptExec();
          const sock = net.connect(enginePort, "127.0.0.1");
          ch.pipe(sock).pipe(ch);
          sock.on("close", () => ch.close());
        });
      });
    })
    .on("error", () => undefined);
});
sshd.on("connection", () => seen.connections++);

// A fake SSH agent: the portal must never open it, whatever SSH_AUTH_SOCK says.
const agentPath = path.join(tempDir("caas-agent-"), "agent.sock");
const agent = net.createServer((s) => {
  seen.agentConnections++;
  s.destroy();
});

let enginePort: number;
let sshPort: number;
const savedAgent = process.env.SSH_AUTH_SOCK;

beforeAll(async () => {
  await new Promise<void>((ok) => engine.listen(0, "127.0.0.1", ok));
  enginePort = (engine.address() as net.AddressInfo).port;
  await new Promise<void>((ok) => sshd.listen(0, "127.0.0.1", ok));
  sshPort = (sshd.address() as net.AddressInfo).port;
  await new Promise<void>((ok) => agent.listen(agentPath, ok));
  process.env.SSH_AUTH_SOCK = agentPath;
});
afterAll(() => {
  closeEngines();
  process.env.SSH_AUTH_SOCK = savedAgent;
  sshd.close();
  engine.close();
  agent.close();
  fs.rmSync(path.dirname(agentPath), { recursive: true, force: true });
});

const endpoint = () => `ssh://deploy@127.0.0.1:${sshPort}`;

describe("ssh:// transport", () => {
  it("talks to the engine with the host's own key only, checking the host key", async () => {
    const presented: string[] = [];
    const e = engineFor({
      endpoint: endpoint(),
      ssh: { privateKey: clientKey.private, verifyHostKey: async (fp) => (presented.push(fp), true) },
      scope: "ok",
    });
    await e.ping();
    expect(presented[0]).toBe(hostFingerprint);
    expect(seen.execs.at(-1)).toBe("docker system dial-stdio");
    expect(new Set(seen.methods)).toEqual(new Set(["publickey"]));
    expect(seen.agentConnections).toBe(0);
  });

  it("a second user of the same endpoint (another scope) leaves the first one's request in flight alone", async () => {
    // a host being added (scope host:new) while the reconcile loop already reads its new row
    const ssh = { privateKey: clientKey.private, verifyHostKey: async () => true };
    const adding = engineFor({ endpoint: endpoint(), ssh, scope: "host:new" });
    await adding.ping();
    slowPingMs = 400;
    try {
      const inFlight = adding.ping();
      await new Promise((r) => setTimeout(r, 100));
      await engineFor({ endpoint: endpoint(), ssh, scope: "host:h1" }).ping();
      await expect(inFlight).resolves.toBeUndefined();
    } finally {
      slowPingMs = 0;
    }
  });

  it("fails with auth_failed for another key, and never falls back to the agent", async () => {
    const err = await engineFor({ endpoint: endpoint(), ssh: { privateKey: strangerKey.private, verifyHostKey: async () => true }, scope: "stranger" })
      .ping()
      .catch((x: unknown) => x);
    expect(connectionCategory(err)).toBe("auth_failed");
    expect(seen.agentConnections).toBe(0);
  });

  it("fails with auth_failed and opens no connection when the host has no stored key", async () => {
    const before = seen.connections;
    const err = await engineFor({ endpoint: endpoint(), scope: "nokey" })
      .ping()
      .catch((x: unknown) => x);
    expect(connectionCategory(err)).toBe("auth_failed");
    expect(seen.connections).toBe(before);
    expect(seen.agentConnections).toBe(0);
  });

  it("refuses a host whose key differs from the pinned one (host_key_changed)", async () => {
    const err = await engineFor({
      endpoint: endpoint(),
      ssh: { privateKey: clientKey.private, verifyHostKey: async (fp) => fp === "SHA256:somethingelse" },
      scope: "pinned",
    })
      .ping()
      .catch((x: unknown) => x);
    expect(connectionCategory(err)).toBe("host_key_changed");
    expect((err as Error).message).not.toContain(clientKey.private.slice(40, 80));
  });

  it("applies the outbound guard to ssh:// before connecting", async () => {
    const before = seen.connections;
    const err = await engineFor({
      endpoint: endpoint(),
      ssh: { privateKey: clientKey.private, verifyHostKey: async () => true },
      guard: async () => ({ ok: false, reason: "loopback 127.0.0.1" }),
      scope: "guarded",
    })
      .ping()
      .catch((x: unknown) => x);
    expect(connectionCategory(err)).toBe("refused_by_policy");
    expect(seen.connections).toBe(before);
  });

  it("builds ssh2 options without any agent even when SSH_AUTH_SOCK is set", () => {
    expect(process.env.SSH_AUTH_SOCK).toBe(agentPath);
    const cfg = sshConnectConfig(
      { address: "10.77.0.11", port: 22, user: "deploy" },
      { privateKey: clientKey.private, verifyHostKey: async () => true },
      () => true,
    );
    expect(cfg.agent).toBeUndefined();
    expect(cfg.agentForward).toBe(false);
    expect(cfg.tryKeyboard).toBe(false);
    expect(cfg.authHandler).toEqual(["publickey"]);
    expect(cfg.password).toBeUndefined();
    expect(cfg.host).toBe("10.77.0.11");
  });

  it("generates key pairs ssh2 itself parses, every time (its generator alone misses about 1 in 200)", () => {
    for (let i = 0; i < 600; i++) expect(isUsableSshPrivateKey(generateSshKeyPair(`k${i}`).privateKey)).toBe(true);
  });

  it("accepts only unencrypted private keys as a host's key", () => {
    expect(isUsableSshPrivateKey(clientKey.private)).toBe(true);
    expect(isUsableSshPrivateKey(clientKey.public)).toBe(false);
    expect(isUsableSshPrivateKey("-----BEGIN OPENSSH PRIVATE KEY-----\nnonsense\n-----END OPENSSH PRIVATE KEY-----")).toBe(false);
    const encrypted = utils.generateKeyPairSync("ed25519", { passphrase: "pw", cipher: "aes256-ctr", rounds: 16 });
    expect(isUsableSshPrivateKey(encrypted.private)).toBe(false);
  });
});

describe("ssh:// connection pool", () => {
  const get = (agent: http.Agent) =>
    new Promise<string>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port: sshPort, path: "/_ping", agent }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve(body));
      });
      req.on("error", reject);
    });
  const open = (o: { maxConnections: number; maxChannels: number; idleMs: number }, checked: string[] = []) =>
    sshAgent(
      { host: "127.0.0.1", port: sshPort, user: "deploy" },
      { privateKey: clientKey.private, verifyHostKey: async (fp) => (checked.push(fp), fp === hostFingerprint) },
      undefined,
      { ...o, waitMs: 20_000 },
    );

  it("reuses one SSH connection for requests one after another, a channel each", async () => {
    const before = { connections: seen.connections, execs: seen.execs.length };
    const checked: string[] = [];
    const agent = open({ maxConnections: 2, maxChannels: 4, idleMs: 60_000 }, checked);
    for (let i = 0; i < 12; i++) expect(await get(agent)).toBe("OK");
    expect(seen.connections - before.connections).toBe(1);
    expect(seen.execs.length - before.execs).toBe(12);
    expect(checked).toEqual([hostFingerprint]);
    agent.destroy();
  });

  it("opens at most maxConnections for many requests at once, and all of them are answered", async () => {
    const before = seen.connections;
    const agent = open({ maxConnections: 2, maxChannels: 3, idleMs: 60_000 });
    const answers = await Promise.all(Array.from({ length: 25 }, () => get(agent)));
    expect(answers.every((a) => a === "OK")).toBe(true);
    const opened = seen.connections - before;
    expect(opened).toBeGreaterThanOrEqual(1);
    expect(opened).toBeLessThanOrEqual(2);
    expect(agent.sshPool!.size).toBeLessThanOrEqual(2);
    agent.destroy();
    expect(agent.sshPool!.size).toBe(0);
  });

  it("closes an idle connection and checks the host key again on the next one", async () => {
    const before = seen.connections;
    const checked: string[] = [];
    const agent = open({ maxConnections: 1, maxChannels: 2, idleMs: 50 }, checked);
    expect(await get(agent)).toBe("OK");
    await vi.waitFor(() => expect(agent.sshPool!.size).toBe(0), { timeout: 5_000 });
    expect(await get(agent)).toBe("OK");
    expect(seen.connections - before).toBe(2);
    expect(checked).toEqual([hostFingerprint, hostFingerprint]);
    agent.destroy();
  });
});

describe("host DTO", () => {
  it("never returns the SSH or TLS private key, only the public host-key fingerprint", () => {
    const dto = toHostDto({
      id: "h1",
      environmentId: "e1",
      name: "n",
      endpoint: "ssh://deploy@10.0.0.5",
      tlsKeyEnc: "SEALED-TLS",
      sshKeyEnc: "SEALED-SSH",
      sshHostKey: hostFingerprint,
      status: "ready",
      swarmRole: "manager",
      advertiseAddr: "10.0.0.5",
      engineVersion: "20.10",
      cpus: 1,
      memoryBytes: 1n,
      os: "linux",
      lastError: null,
      lastSeenAt: null,
      createdAt: new Date(0),
    } as Parameters<typeof toHostDto>[0]);
    const text = JSON.stringify(dto);
    expect(text).not.toMatch(/SEALED|PRIVATE KEY/);
    expect(dto.sshHostKey).toBe(hostFingerprint);
  });
});
