// ─── Security invariant (T31) ─────────────────────────────────────────────────────────────────
// For a guarded endpoint, every new connection (first use, keep-alive pool refill, reconnect after
// a host came back) asks the guard which address it may open, and opens exactly that address:
// the name is never resolved a second time by Node or ssh2, so DNS rebinding cannot swap it.
// SSH uses only the host's own key: no agent (SSH_AUTH_SOCK is never read), no agent forwarding,
// no password or keyboard-interactive, and the server's host key must match the pinned one.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { createHash } from "node:crypto";
import type { Duplex } from "node:stream";
// ssh2 is CommonJS: Node's ESM loader (server.ts under tsx) sees only its default export.
import ssh2, { type ConnectConfig } from "ssh2";
import type { ConnectGuard, SshMaterial } from "./endpoint";
import { HOST_KEY_CHANGED, REFUSED_BY_POLICY, SSH_KEY_MISSING, transportError } from "./errors";

type OnCreate = (err: Error | null, socket?: Duplex) => void;
type ConnOptions = http.ClientRequestArgs & { host?: string; port?: number | string };

async function vetted(guard: ConnectGuard | undefined, host: string): Promise<string> {
  if (!guard) return host;
  const v = await guard(host);
  // The reason is for the server log only (it is the cause of the engine error).
  if (!v.ok) throw transportError(REFUSED_BY_POLICY, `outbound connection refused (${v.reason})`);
  return v.address;
}

/** An http(s).Agent whose sockets go only to the address the guard returned. */
export function guardedAgent(kind: "http" | "https", guard: ConnectGuard): http.Agent {
  const agent = kind === "https" ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const base = kind === "https" ? https.Agent.prototype.createConnection : net.createConnection;
  // Node's Agent accepts an asynchronous createConnection: return nothing, call back later.
  (agent as unknown as { createConnection: (o: ConnOptions, cb: OnCreate) => undefined }).createConnection = function (this: http.Agent, options, oncreate) {
    vetted(guard, String(options.host)).then(
      (address) => {
        let sock: Duplex;
        try {
          // servername (SNI, certificate name check) was set by the Agent from the original name
          sock = (base as (o: ConnOptions) => Duplex).call(this, { ...options, host: address, hostname: address });
        } catch (e) {
          oncreate(e as Error);
          return;
        }
        oncreate(null, sock);
      },
      (e: Error) => oncreate(e),
    );
    return undefined;
  };
  return agent;
}

/** "SHA256:…" as OpenSSH prints it. */
export function sshFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** The ssh2 options for one connection: only the host's key, never an agent. Exported for tests. */
export function sshConnectConfig(
  target: { address: string; port: number; user: string },
  ssh: SshMaterial,
  onHostKey: ConnectConfig["hostVerifier"],
): ConnectConfig {
  return {
    host: target.address,
    port: target.port,
    username: target.user,
    privateKey: ssh.privateKey,
    passphrase: ssh.passphrase,
    agent: undefined,
    agentForward: false,
    tryKeyboard: false,
    authHandler: ["publickey"],
    hostVerifier: onHostKey,
    readyTimeout: 10_000,
    keepaliveInterval: 10_000,
  };
}

export interface SshPoolOptions {
  /** SSH connections kept to one host at most (OpenSSH's MaxStartups allows 10 unauthenticated). */
  maxConnections: number;
  /** Channels (requests) at once on one connection (OpenSSH's MaxSessions is 10 by default). */
  maxChannels: number;
  /** A connection without channels for this long is closed. */
  idleMs: number;
  /** How long a request waits for a free channel when every connection is full. */
  waitMs: number;
}

export const SSH_POOL_DEFAULTS: SshPoolOptions = { maxConnections: 4, maxChannels: 8, idleMs: 30_000, waitMs: 30_000 };

interface PooledConnection {
  client: InstanceType<typeof ssh2.Client>;
  channels: Set<Duplex>;
  /** Channels asked for and not yet open (counted so concurrent callers see the slot taken). */
  opening: number;
  /** Refused a channel: takes no new ones and closes when its last channel ends. */
  retiring: boolean;
  idle?: NodeJS.Timeout;
  closed: boolean;
}

const load = (c: PooledConnection) => c.channels.size + c.opening;

/**
 * The SSH connections to one host, reused: each request is a channel running the remote
 * `docker system dial-stdio` (a fixed command, nothing from input in it) on a pooled connection,
 * so a busy host costs a few SSH handshakes, not one per request. Bounded (maxConnections ×
 * maxChannels; further requests wait up to waitMs), idle connections closed after idleMs. Every
 * new connection checks the host key against the pinned one; a connection that fails or closes
 * leaves the pool and ends its channels.
 */
export class SshConnectionPool {
  private readonly conns = new Set<PooledConnection>();
  private opening = 0;
  private readonly waiters: (() => void)[] = [];
  private destroyed = false;

  constructor(
    private readonly connect: () => Promise<InstanceType<typeof ssh2.Client>>,
    private readonly o: SshPoolOptions = SSH_POOL_DEFAULTS,
  ) {}

  /** How many SSH connections are open now (tests). */
  get size(): number {
    return this.conns.size;
  }

  async channel(): Promise<Duplex> {
    const until = Date.now() + this.o.waitMs;
    for (;;) {
      if (this.destroyed) throw new Error("the SSH connection pool was closed");
      const free = [...this.conns].filter((c) => !c.closed && !c.retiring && load(c) < this.o.maxChannels).sort((a, b) => load(b) - load(a))[0];
      if (free) return this.exec(free);
      if (this.conns.size + this.opening < this.o.maxConnections) {
        this.opening++;
        let pc: PooledConnection;
        try {
          pc = this.adopt(await this.connect());
        } finally {
          this.opening--;
        }
        return this.exec(pc);
      }
      const left = until - Date.now();
      if (left <= 0) throw new Error("every pooled SSH connection to this host is busy");
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.waiters.push(done);
      });
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const c of this.conns) this.drop(c, new Error("the SSH connection pool was closed"));
    this.wake(Infinity);
  }

  private adopt(client: InstanceType<typeof ssh2.Client>): PooledConnection {
    const pc: PooledConnection = { client, channels: new Set(), opening: 0, retiring: false, closed: false };
    this.conns.add(pc);
    // after the handshake, a connection error ends its channels (their requests fail)
    client.on("error", (err) => this.drop(pc, err));
    client.on("close", () => this.drop(pc, new Error("the SSH connection closed")));
    return pc;
  }

  private exec(pc: PooledConnection): Promise<Duplex> {
    clearTimeout(pc.idle);
    return new Promise((resolve, reject) => {
      pc.opening++;
      pc.client.exec("docker system dial-stdio", (err, stream) => {
        pc.opening--;
        if (err) {
          // a connection that refused a channel is not used again; its open channels finish
          pc.retiring = true;
          this.release(pc);
          reject(err);
          return;
        }
        pc.channels.add(stream);
        stream.once("close", () => {
          pc.channels.delete(stream);
          this.release(pc);
        });
        resolve(stream);
      });
    });
  }

  private release(pc: PooledConnection): void {
    this.wake(1);
    if (pc.closed || load(pc) > 0) return;
    if (pc.retiring) return this.drop(pc, null);
    clearTimeout(pc.idle);
    pc.idle = setTimeout(() => this.drop(pc, null), this.o.idleMs);
    pc.idle.unref?.();
  }

  private drop(pc: PooledConnection, err: Error | null): void {
    if (pc.closed) return;
    pc.closed = true;
    clearTimeout(pc.idle);
    this.conns.delete(pc);
    for (const ch of pc.channels) ch.destroy(err ?? undefined);
    pc.channels.clear();
    pc.client.end();
    this.wake(Infinity);
  }

  private wake(n: number): void {
    for (let i = 0; i < n && this.waiters.length; i++) this.waiters.shift()!();
  }
}

/** One authenticated SSH connection, host key checked against the pinned one. */
function openSsh(
  target: { host: string; port: number; user: string },
  ssh: SshMaterial,
  guard: ConnectGuard | undefined,
): Promise<InstanceType<typeof ssh2.Client>> {
  return vetted(guard, target.host).then(
    (address) =>
      new Promise((resolve, reject) => {
        const conn = new ssh2.Client();
        let keyRejected = false;
        let ready = false;
        const verify = (key: Buffer, answer: (ok: boolean) => void) => {
          ssh.verifyHostKey(sshFingerprint(key)).then(
            (ok) => {
              keyRejected = !ok;
              answer(ok);
            },
            () => {
              keyRejected = true;
              answer(false);
            },
          );
        };
        const onError = (err: Error) => {
          if (ready) return;
          conn.end();
          reject(keyRejected ? transportError(HOST_KEY_CHANGED, "the SSH host key does not match the pinned key") : err);
        };
        conn.on("error", onError);
        conn.once("ready", () => {
          ready = true;
          conn.removeListener("error", onError);
          resolve(conn);
        });
        conn.connect(sshConnectConfig({ address, port: target.port, user: target.user }, ssh, verify as ConnectConfig["hostVerifier"]));
      }),
  );
}

/**
 * An http.Agent that speaks HTTP over the remote `docker system dial-stdio`, as the docker CLI
 * does, one channel per request on a pool of SSH connections to the host (SshConnectionPool).
 * `destroy()` closes the pool.
 */
export function sshAgent(
  target: { host: string; port: number; user: string },
  ssh: SshMaterial | undefined,
  guard: ConnectGuard | undefined,
  poolOptions: SshPoolOptions = SSH_POOL_DEFAULTS,
): http.Agent & { sshPool?: SshConnectionPool } {
  const agent = new http.Agent({ keepAlive: false }) as http.Agent & { sshPool?: SshConnectionPool };
  const pool = ssh?.privateKey ? new SshConnectionPool(() => openSsh(target, ssh, guard), poolOptions) : undefined;
  agent.sshPool = pool;
  (agent as unknown as { createConnection: (o: ConnOptions, cb: OnCreate) => undefined }).createConnection = (_options, oncreate) => {
    const done = once(oncreate);
    if (!pool) {
      done(transportError(SSH_KEY_MISSING, "no private key stored for this ssh:// host"));
      return undefined;
    }
    pool.channel().then(
      (ch) => done(null, ch),
      (e: Error) => done(e),
    );
    return undefined;
  };
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    pool?.destroy();
    destroy();
  };
  return agent;
}

function once(cb: OnCreate): OnCreate {
  let called = false;
  return (err, sock) => {
    if (called) return;
    called = true;
    cb(err, sock);
  };
}

/** True when ssh2 can use the text as an unencrypted private key (what an ssh:// host needs). */
export function isUsableSshPrivateKey(text: string): boolean {
  const parsed = ssh2.utils.parseKey(text);
  return !(parsed instanceof Error) && !Array.isArray(parsed) && parsed.isPrivateKey();
}

/** A fresh ed25519 key pair in OpenSSH format (the portal keeps the private half sealed). ssh2's
 * generator writes a private key its own parser refuses ("Malformed OpenSSH private key") about once
 * in 200 (24 of 5,000 here): such a key could never connect, so another one is drawn. */
export function generateSshKeyPair(comment: string): { privateKey: string; publicKey: string } {
  for (let attempt = 1; ; attempt++) {
    const k = ssh2.utils.generateKeyPairSync("ed25519", { comment });
    if (isUsableSshPrivateKey(k.private) || attempt >= 50) return { privateKey: k.private, publicKey: k.public.trim() };
  }
}
