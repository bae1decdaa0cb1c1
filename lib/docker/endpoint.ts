// Engine endpoints as tenants type them ("tcp://10.0.0.5:2376", "ssh://deploy@host", "unix:///…").
// Parsed strictly: the string decides which socket the portal opens, so anything that is not
// exactly one of the three shapes is refused before a connection is attempted.
import { appError, AppError, problem, type MessageParams } from "@/lib/errors";

export interface TlsMaterial {
  /** PEM CA bundle the engine's certificate must chain to. */
  ca: string;
  /** PEM client certificate and key (the key is a secret: never logged, never in messages). */
  cert: string;
  key: string;
}

export interface SshMaterial {
  /** The host's own PEM/OpenSSH private key: the only credential ssh:// uses. The portal's SSH
   * agent (SSH_AUTH_SOCK) is never used; without a key, ssh:// connections fail. */
  privateKey: string;
  passphrase?: string;
  /** Asked with the server's host key ("SHA256:…") on every connection; false refuses it
   * (pin on first use, then compare). */
  verifyHostKey(fingerprint: string): Promise<boolean>;
}

/** Asked before every new connection to a tcp:// or ssh:// endpoint with the endpoint's host (a
 * name or an IP literal); answers the one address the transport may open, or a refusal whose
 * reason goes to the server log only. Throwing (e.g. a name that does not resolve) fails the
 * connection with that error. */
export type ConnectGuard = (host: string) => Promise<{ ok: true; address: string } | { ok: false; reason: string }>;

export interface EndpointConfig {
  endpoint: string;
  tls?: TlsMaterial;
  ssh?: SshMaterial;
  /** Outbound address policy for this endpoint (T31); none for admin-only endpoints. */
  guard?: ConnectGuard;
  /** Who the client is for ("host:<id>"): clients with other scopes are not shared, since their
   * guard and host-key check differ. */
  scope?: string;
}

export type ParsedEndpoint =
  | { kind: "unix"; path: string; display: string }
  | { kind: "tcp"; host: string; port: number; display: string }
  | { kind: "ssh"; user: string; host: string; port: number; display: string };

const DNS_NAME = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]{2,45}\]$/;
const SSH_USER = /^[a-zA-Z_][a-zA-Z0-9_.-]{0,31}$/;
// sun_path is 108 bytes; a conservative charset keeps the path free of anything shell- or URL-ish.
const UNIX_PATH = /^\/[a-zA-Z0-9._/-]{1,106}$/;

/** `key`: the problem under `endpointErrors` (catalog), `message` its English text. */
function invalid(key: string, message: string, params?: MessageParams): AppError {
  return appError("VALIDATION", `endpointErrors.${key}`, params, `Invalid engine endpoint: ${message}`, {
    details: [problem("endpoint", `endpointErrors.${key}`, params, message)],
  });
}

function parseHost(host: string): string {
  if (IPV4.test(host) || IPV6_BRACKETED.test(host)) return host;
  if (DNS_NAME.test(host) && !/^\d+(\.\d+)*$/.test(host)) return host.toLowerCase();
  throw invalid("host", `"${host}" is not a valid host name or IP address`, { host });
}

function parsePort(port: string | undefined, fallback: number | undefined): number {
  if (port === undefined) {
    if (fallback === undefined) throw invalid("portRequired", "a port is required (e.g. tcp://host:2376)");
    return fallback;
  }
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw invalid("port", `port "${port}" must be a number between 1 and 65535`, { port });
  }
  return Number(port);
}

/** Split "host[:port]" where host may be a bracketed IPv6 literal. */
function splitHostPort(s: string): { host: string; port?: string } {
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::([^:]*))?$/.exec(s);
  if (!m) throw invalid("hostPort", `"${s}" is not host[:port]`, { value: s });
  return { host: m[1], port: m[2] };
}

export function parseEndpoint(raw: string): ParsedEndpoint {
  if (typeof raw !== "string" || raw.length === 0) throw invalid("empty", "it is empty");
  if (raw.length > 300 || /[\s\0]/.test(raw)) throw invalid("whitespace", "it contains whitespace or is too long");

  if (raw.startsWith("unix://")) {
    const path = raw.slice("unix://".length);
    if (!UNIX_PATH.test(path) || path.split("/").some((seg) => seg === "..")) {
      throw invalid("unixPath", "a unix socket needs an absolute path of letters, digits, '.', '_', '-' and '/'");
    }
    return { kind: "unix", path, display: `unix://${path}` };
  }
  if (raw.startsWith("tcp://")) {
    const rest = raw.slice("tcp://".length);
    if (/[/?#@]/.test(rest)) throw invalid("tcpExtra", "tcp endpoints take no user, path or query (tcp://host:port)");
    const { host, port } = splitHostPort(rest);
    const h = parseHost(host);
    const p = parsePort(port, undefined);
    return { kind: "tcp", host: h, port: p, display: `tcp://${h}:${p}` };
  }
  if (raw.startsWith("ssh://")) {
    const rest = raw.slice("ssh://".length);
    const at = rest.indexOf("@");
    if (at <= 0) throw invalid("sshUser", "ssh endpoints need a user (ssh://user@host[:port])");
    const user = rest.slice(0, at);
    if (!SSH_USER.test(user)) throw invalid("user", `"${user}" is not a valid user name`, { user });
    const hostPort = rest.slice(at + 1);
    if (/[/?#@]/.test(hostPort)) throw invalid("sshExtra", "ssh endpoints take no path or query (ssh://user@host[:port])");
    const { host, port } = splitHostPort(hostPort);
    const h = parseHost(host);
    const p = parsePort(port, 22);
    return { kind: "ssh", user, host: h, port: p, display: p === 22 ? `ssh://${user}@${h}` : `ssh://${user}@${h}:${p}` };
  }
  throw invalid("scheme", "use unix:///path, tcp://host:port or ssh://user@host[:port]");
}
