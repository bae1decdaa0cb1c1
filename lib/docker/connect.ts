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

/**
 * An http.Agent that opens an SSH connection per request and speaks HTTP over the remote
 * `docker system dial-stdio` (a fixed command, nothing from input in it), as the docker CLI does.
 */
export function sshAgent(target: { host: string; port: number; user: string }, ssh: SshMaterial | undefined, guard: ConnectGuard | undefined): http.Agent {
  const agent = new http.Agent({ keepAlive: false });
  (agent as unknown as { createConnection: (o: ConnOptions, cb: OnCreate) => undefined }).createConnection = (_options, oncreate) => {
    const done = once(oncreate);
    if (!ssh?.privateKey) {
      done(transportError(SSH_KEY_MISSING, "no private key stored for this ssh:// host"));
      return undefined;
    }
    vetted(guard, target.host).then(
      (address) => {
        const conn = new ssh2.Client();
        let keyRejected = false;
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
        let channel: Duplex | undefined;
        conn.on("error", (err) => {
          // after the channel was handed out, a connection error ends that channel (the request fails)
          if (channel) channel.destroy(err);
          else done(keyRejected ? transportError(HOST_KEY_CHANGED, "the SSH host key does not match the pinned key") : err);
          conn.end();
        });
        conn.once("ready", () => {
          conn.exec("docker system dial-stdio", (err, stream) => {
            if (err) {
              done(err);
              conn.end();
              return;
            }
            channel = stream;
            stream.once("close", () => conn.end());
            done(null, stream);
          });
        });
        conn.connect(sshConnectConfig({ address, port: target.port, user: target.user }, ssh, verify as ConnectConfig["hostVerifier"]));
      },
      (e: Error) => done(e),
    );
    return undefined;
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

/** A fresh ed25519 key pair in OpenSSH format (the portal keeps the private half sealed). */
export function generateSshKeyPair(comment: string): { privateKey: string; publicKey: string } {
  const k = ssh2.utils.generateKeyPairSync("ed25519", { comment });
  return { privateKey: k.private, publicKey: k.public.trim() };
}
