// One HTTP transport per engine endpoint (unix socket, plain/TLS TCP, SSH), built on dockerode's
// modem. Operations talk to the Engine API through `json`, `stream` and `hijack` below rather than
// through dockerode's per-object wrappers, because those mix options into both the query string
// and the body (service update would send the whole spec as query parameters) and have no
// uniform timeout. Every request here has a deadline; streams have one until their headers arrive.
import http from "node:http";
import https from "node:https";
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Readable } from "node:stream";
import Docker from "dockerode";
import { engineError, NOT_DOCKER, transportError } from "./errors";
import { guardedAgent, sshAgent } from "./connect";
import type { EndpointConfig, ParsedEndpoint } from "./endpoint";

/** Highest Engine API version this code is written against (Docker 20.10). */
export const MAX_API_VERSION = "1.41";

export type Query = Record<string, string | number | boolean | string[] | undefined>;

export interface Request {
  method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  /** API path without version prefix and without query, e.g. "/services/create". */
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw request body (tar archives); sent instead of `body`. */
  file?: Readable | Buffer;
  timeoutMs: number;
}

export interface OpenStream {
  res: IncomingMessage;
  /** Ends the stream from our side (destroys the request and its socket). */
  abort(): void;
}

type Modem = Docker["modem"] & { version?: string };
type DialOptions = Parameters<Modem["dial"]>[0];

const OK = { 200: true, 201: true, 204: true, 304: true } as const;

export function buildQuery(q?: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  return p.toString();
}

/** Engine filter JSON ({"label":["a=b"]}), without empty lists; undefined when nothing is left. */
export function filtersParam(f: Record<string, string[] | undefined> | undefined): string | undefined {
  const clean = Object.fromEntries(Object.entries(f ?? {}).filter(([, v]) => v && v.length > 0));
  return Object.keys(clean).length > 0 ? JSON.stringify(clean) : undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class Transport {
  private negotiated: Promise<string> | null = null;

  constructor(
    readonly endpoint: string,
    private readonly modem: Modem,
    readonly agent: http.Agent | undefined,
  ) {}

  /** The API version in use ("1.41"), asking the engine once: min(server ApiVersion, MAX_API_VERSION).
   * A failure is reported as a failure of `op`, the operation that needed it. */
  async apiVersion(op: string, timeoutMs: number): Promise<string> {
    if (!this.negotiated) {
      const attempt = this.dial(null, { method: "GET", path: "/version", timeoutMs }, "json")
        .then((v) => {
          const server = (v as { ApiVersion?: string } | null)?.ApiVersion;
          if (typeof server !== "string") throw transportError(NOT_DOCKER, "GET /version answered without ApiVersion");
          const chosen = server && /^\d+\.\d+$/.test(server) && compareVersions(server, MAX_API_VERSION) < 0 ? server : MAX_API_VERSION;
          this.modem.version = `v${chosen}`;
          return chosen;
        })
        .catch((e: unknown) => {
          this.negotiated = null; // an unreachable host must be retried on the next call
          throw e;
        });
      this.negotiated = attempt;
    }
    try {
      return await this.negotiated;
    } catch (e) {
      throw engineError(this.endpoint, op, e);
    }
  }

  /** A request answered with JSON (or nothing): the parsed body. */
  async json<T>(op: string, req: Request): Promise<T> {
    await this.apiVersion(op, req.timeoutMs);
    try {
      return (await this.dial(null, req, "json")) as T;
    } catch (e) {
      // A pooled keep-alive socket the engine closed in the meantime: retry reads once.
      if (req.method === "GET" && (e as { code?: string } | null)?.code === "ECONNRESET") {
        try {
          return (await this.dial(null, req, "json")) as T;
        } catch (again) {
          throw engineError(this.endpoint, op, again);
        }
      }
      throw engineError(this.endpoint, op, e);
    }
  }

  /** A streamed response (events, logs, archives, pull progress). */
  async stream(op: string, req: Request): Promise<OpenStream> {
    await this.apiVersion(op, req.timeoutMs);
    return (await this.dial(op, req, "stream")) as OpenStream;
  }

  /** An upgraded connection (exec start): the raw socket, both directions. */
  async hijack(op: string, req: Request, keepRequestOpen: boolean): Promise<Socket> {
    await this.apiVersion(op, req.timeoutMs);
    return (await this.dial(op, req, keepRequestOpen ? "hijack-stdin" : "hijack")) as Socket;
  }

  /** Drop pooled connections (tests, host removal). */
  close(): void {
    this.agent?.destroy();
  }

  /** op = null: reject with the raw error (the caller names the operation). */
  private dial(op: string | null, req: Request, mode: "json" | "stream" | "hijack" | "hijack-stdin"): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), req.timeoutMs);
      const qs = buildQuery(req.query);
      const hijack = mode === "hijack" || mode === "hijack-stdin";
      const opts: DialOptions = {
        path: `${req.path}?${qs}`,
        method: req.method,
        // the modem mutates the headers object it gets: always a fresh one
        headers: { ...(req.headers ?? {}) },
        // with "?" in the path the modem appends querystring(_query) and sends _body for POSTs;
        // an empty _body ({}) is dropped by the modem, so body-less POSTs send nothing
        options: { _query: {}, _body: req.body ?? {} },
        statusCodes: hijack ? { 101: true, 200: true } : OK,
        abortSignal: ac.signal,
        isStream: mode !== "json",
        hijack,
        openStdin: mode === "hijack-stdin",
        file: req.file,
      };
      this.modem.dial(opts, (err, data) => {
        clearTimeout(timer);
        if (err) {
          reject(op === null ? err : engineError(this.endpoint, op, err));
          return;
        }
        if (mode === "stream") {
          const res = data as IncomingMessage;
          // a host that vanishes without closing the connection is noticed by keepalive probes
          res.socket?.setKeepAlive?.(true, 10_000);
          resolve({ res, abort: () => ac.abort() } satisfies OpenStream);
          return;
        }
        if (hijack) {
          const sock = data as Socket;
          sock.setKeepAlive?.(true, 10_000);
          resolve(sock);
          return;
        }
        resolve(Buffer.isBuffer(data) && data.length === 0 ? null : data);
      });
    });
  }
}

// ---- construction and cache -------------------------------------------------------------------

/** docker-modem formats every request's options with `util.inspect(…, { showHidden: true, depth: null })`
 * for its debug log, whether that log is on or not. The options hold our connection pool: walking
 * the agent, its sockets, their parsers and TLS state took 39% of the portal's CPU during a burst
 * of 200 deploys (issue 20's profile). The agent prints as one short line instead; nothing else
 * changes (the pool is not otherwise inspected). */
export function shortInspect<T extends object>(agent: T, label: string): T {
  Object.defineProperty(agent, inspect.custom, { value: () => `[${label}]`, enumerable: false });
  return agent;
}

const cache = new Map<string, Transport>();

/** The part of a cache key that names one endpoint as one user of it (a host row, or a host being added). */
const slotOf = (display: string, scope: string | undefined) => `${display}\u0000${scope ?? ""}#`;

function cacheKey(parsed: ParsedEndpoint, cfg: EndpointConfig): string {
  // Rotated TLS/SSH material must not reuse a client built with the old one; hash, never store.
  // A guarded client is never shared with an unguarded one, nor across scopes (hosts).
  const h = createHash("sha256");
  h.update(JSON.stringify([cfg.tls?.ca, cfg.tls?.cert, cfg.tls?.key, cfg.ssh?.privateKey, cfg.ssh?.passphrase, Boolean(cfg.guard)]));
  return `${slotOf(parsed.display, cfg.scope)}${h.digest("hex")}`;
}

function createTransport(parsed: ParsedEndpoint, cfg: EndpointConfig): Transport {
  // Every connection field is set explicitly (undefined included): docker-modem merges defaults
  // from DOCKER_HOST / DOCKER_CERT_PATH, which must never redirect a tenant's endpoint.
  const base = {
    socketPath: undefined as string | undefined,
    host: undefined as string | undefined,
    port: undefined as number | undefined,
    protocol: "http" as "http" | "https" | "ssh",
    ca: undefined as string | undefined,
    cert: undefined as string | undefined,
    key: undefined as string | undefined,
    username: undefined as string | undefined,
    version: undefined,
    timeout: undefined,
    headers: {},
  };
  let agent: http.Agent | undefined;
  let opts: Record<string, unknown>;
  if (parsed.kind === "unix") {
    agent = new http.Agent({ keepAlive: true });
    opts = { ...base, socketPath: parsed.path, agent };
  } else if (parsed.kind === "tcp") {
    const host = parsed.host.replace(/^\[|\]$/g, "");
    if (cfg.tls) {
      agent = cfg.guard ? guardedAgent("https", cfg.guard) : new https.Agent({ keepAlive: true });
      opts = { ...base, host, port: parsed.port, protocol: "https", ca: cfg.tls.ca, cert: cfg.tls.cert, key: cfg.tls.key, agent };
    } else {
      agent = cfg.guard ? guardedAgent("http", cfg.guard) : new http.Agent({ keepAlive: true });
      opts = { ...base, host, port: parsed.port, agent };
    }
  } else {
    // Not docker-modem's ssh mode: it falls back to SSH_AUTH_SOCK (and DOCKER_HOST can force it).
    // Our agent opens the SSH connection itself, with the host's key only; HTTP runs over it.
    const host = parsed.host.replace(/^\[|\]$/g, "");
    agent = sshAgent({ host, port: parsed.port, user: parsed.user }, cfg.ssh, cfg.guard);
    opts = { ...base, host, port: parsed.port, agent };
  }
  shortInspect(agent, `Agent ${parsed.display}`);
  const docker = new Docker(opts as Docker.DockerOptions);
  return new Transport(parsed.display, docker.modem as Modem, agent);
}

export function transportFor(parsed: ParsedEndpoint, cfg: EndpointConfig): Transport {
  const key = cacheKey(parsed, cfg);
  let t = cache.get(key);
  if (!t) {
    // replace the client this user of the endpoint built with other credentials (rotated material);
    // another scope's client for the same endpoint stays (a host being added while the reconcile
    // loop already reads its new row must not lose its connection mid-request)
    const slot = slotOf(parsed.display, cfg.scope);
    for (const [k, old] of cache) {
      if (k.startsWith(slot)) {
        old.close();
        cache.delete(k);
      }
    }
    t = createTransport(parsed, cfg);
    cache.set(key, t);
  }
  return t;
}

/** Forget cached clients: for one endpoint display string, or all of them. */
export function dropTransports(display?: string): void {
  for (const [k, t] of cache) {
    if (display === undefined || k.startsWith(`${display}\u0000`)) {
      t.close();
      cache.delete(k);
    }
  }
}
