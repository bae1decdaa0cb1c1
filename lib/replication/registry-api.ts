// A client of one Distribution registry (Registry HTTP API v2) for replication: the requests the
// copy needs, and the registry's auth as the registry asks for it — token auth (a `Bearer`
// challenge: a token from the realm for exactly the scopes of the operation, with Basic
// credentials when configured) or plain Basic auth (htpasswd). The fetch and the clock are passed in.
// Credentials go only to the registry and its token realm, never into errors or logs: errors name
// the registry by its host (or the name it was given).
import { appError, type AppError } from "@/lib/errors";
import type { Clock } from "./retry";

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryEndpoint {
  /** Base URL, e.g. http://10.77.0.1:5000 (no /v2). */
  url: string;
  /** How errors name this registry (default: host of the URL). */
  name?: string;
  credentials?: RegistryCredentials;
  /** Mints its own tokens for the scopes instead of asking the realm: a registry that trusts the
   * portal's token key (the embedded one, or a region's registry configured with it). */
  issueToken?: (scopes: string[]) => Promise<{ token: string; ttl: number }>;
}

export interface RegistryDeps {
  fetch: typeof fetch;
  clock: Clock;
  /** Per request (headers and small bodies); blob transfers get `blobTimeoutMs`. */
  timeoutMs?: number;
  blobTimeoutMs?: number;
}

type Challenge = { scheme: "none" } | { scheme: "basic" } | { scheme: "bearer"; realm: string; service?: string };

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function isRepositoryName(name: string): boolean {
  return name.length <= 255 && REPOSITORY.test(name);
}
export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Parses `Bearer realm="…",service="…",scope="…"` / `Basic realm="…"`. */
export function parseChallenge(header: string | null): Challenge | null {
  if (!header) return null;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return null;
  const scheme = m[1].toLowerCase();
  if (scheme === "basic") return { scheme: "basic" };
  if (scheme !== "bearer") return null;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) params[p[1].toLowerCase()] = p[2];
  if (!params.realm) return null;
  return { scheme: "bearer", realm: params.realm, ...(params.service ? { service: params.service } : {}) };
}

export interface SendOptions {
  /** Token scopes the request needs, e.g. `repository:a/b:pull`. */
  scopes: string[];
  headers?: Record<string, string>;
  body?: BodyInit | null;
  /** A body that can be sent twice (none or a buffer); a stream cannot be replayed after a 401. */
  replayable?: boolean;
  blob?: boolean;
}

export class RegistryApi {
  readonly base: URL;
  readonly label: string;
  private readonly credentials?: RegistryCredentials;
  private readonly issueToken?: RegistryEndpoint["issueToken"];
  private challenge: Promise<Challenge> | null = null;
  private readonly tokens = new Map<string, { token: Promise<{ token: string; ttl: number }>; expires: number }>();

  constructor(
    endpoint: RegistryEndpoint,
    private readonly deps: RegistryDeps,
  ) {
    let base: URL;
    try {
      base = new URL(endpoint.url);
    } catch {
      base = new URL("invalid://registry");
    }
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw appError("VALIDATION", "replication.badRegistryUrl", undefined, "The registry address must be an http:// or https:// URL.");
    base.pathname = base.pathname.replace(/\/+$/, "").replace(/\/v2$/, "");
    base.username = "";
    base.password = "";
    this.base = base;
    this.label = endpoint.name ?? base.host;
    this.credentials = endpoint.credentials;
    this.issueToken = endpoint.issueToken;
  }

  /** Same registry (same address and the same identity): blobs may be mounted across repositories. */
  sameRegistryAs(other: RegistryApi): boolean {
    return this.base.href === other.base.href && this.credentials?.username === other.credentials?.username;
  }

  url(pathOrUrl: string): URL {
    return pathOrUrl.startsWith("/") ? new URL(this.base.pathname.replace(/\/$/, "") + pathOrUrl, this.base) : new URL(pathOrUrl, this.base);
  }

  // ---- errors (user-safe, naming the registry) ----
  unreachable(cause: unknown): AppError {
    return appError("CONFLICT", "replication.unreachable", { registry: this.label }, `The registry ${this.label} does not answer.`, { cause });
  }
  unauthorized(): AppError {
    return appError("FORBIDDEN", "replication.unauthorized", { registry: this.label }, `The registry ${this.label} refused the credentials.`);
  }
  statusError(status: number, repository: string): AppError {
    if (status === 401) return this.unauthorized();
    if (status === 403)
      return appError("FORBIDDEN", "replication.denied", { registry: this.label, repository }, `The registry ${this.label} denies access to ${repository}.`);
    if (status >= 500 || status === 429)
      return appError("CONFLICT", "replication.serverError", { registry: this.label, status }, `The registry ${this.label} failed (HTTP ${status}).`);
    return appError("CONFLICT", "replication.refused", { registry: this.label, status }, `The registry ${this.label} refused the request (HTTP ${status}).`);
  }

  // ---- auth ----
  private async raw(url: URL, init: RequestInit, blob?: boolean): Promise<Response> {
    try {
      return await this.deps.fetch(url, {
        ...init,
        redirect: "follow",
        signal: AbortSignal.timeout(blob ? (this.deps.blobTimeoutMs ?? 3_600_000) : (this.deps.timeoutMs ?? 30_000)),
      });
    } catch (e) {
      throw this.unreachable(e);
    }
  }

  private basicHeader(): string | undefined {
    if (!this.credentials) return undefined;
    return `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString("base64")}`;
  }

  /** What the registry asks for, learnt once from `GET /v2/` (concurrent steps share the probe;
   * a failed probe is forgotten so that a retry probes again). */
  private learnChallenge(): Promise<Challenge> {
    this.challenge ??= (async (): Promise<Challenge> => {
      const r = await this.raw(this.url("/v2/"), { method: "GET" });
      await r.body?.cancel();
      if (r.ok) return { scheme: "none" };
      const c = r.status === 401 ? parseChallenge(r.headers.get("www-authenticate")) : null;
      if (!c) throw this.statusError(r.status, "/");
      return c;
    })();
    const p = this.challenge;
    p.catch(() => {
      if (this.challenge === p) this.challenge = null;
    });
    return p;
  }

  private async authorization(scopes: string[]): Promise<string | undefined> {
    const c = await this.learnChallenge();
    if (c.scheme === "none") return undefined;
    if (c.scheme === "basic") {
      const h = this.basicHeader();
      if (!h) throw this.unauthorized();
      return h;
    }
    const key = [...new Set(scopes)].sort().join(" ");
    const cached = this.tokens.get(key);
    if (cached && cached.expires > this.deps.clock.now()) return `Bearer ${(await cached.token).token}`;
    // Concurrent steps with the same scopes share one token request; a failed one is forgotten.
    const entry = { token: this.issueToken ? this.issueToken(key.split(" ").filter(Boolean)) : this.fetchToken(c, key), expires: Number.POSITIVE_INFINITY };
    this.tokens.set(key, entry);
    try {
      const { token, ttl } = await entry.token;
      // Renewed a little before it expires.
      entry.expires = this.deps.clock.now() + (ttl - 5) * 1000;
      return `Bearer ${token}`;
    } catch (e) {
      if (this.tokens.get(key) === entry) this.tokens.delete(key);
      throw e;
    }
  }

  private async fetchToken(c: Extract<Challenge, { scheme: "bearer" }>, key: string): Promise<{ token: string; ttl: number }> {
    const realm = new URL(c.realm);
    if (c.service) realm.searchParams.set("service", c.service);
    for (const s of key.split(" ").filter(Boolean)) realm.searchParams.append("scope", s);
    const basic = this.basicHeader();
    const r = await this.raw(realm, { method: "GET", headers: basic ? { authorization: basic } : {} });
    if (r.status === 401 || r.status === 403) {
      await r.body?.cancel();
      throw this.unauthorized();
    }
    if (!r.ok) {
      await r.body?.cancel();
      throw this.statusError(r.status, "/");
    }
    const body = (await r.json().catch(() => ({}))) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw this.statusError(502, "/");
    // The registry's default lifetime is 60 s when the realm does not say.
    return { token, ttl: Math.max(10, typeof body.expires_in === "number" ? body.expires_in : 60) };
  }

  /** One request with the auth the registry asks for; a 401 on a replayable request is retried once
   * with a fresh token (an expired or too narrow token). */
  async send(method: string, pathOrUrl: string, opts: SendOptions): Promise<Response> {
    const url = this.url(pathOrUrl);
    for (let attempt = 0; ; attempt++) {
      const auth = await this.authorization(opts.scopes);
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (auth) headers.authorization = auth;
      const init: RequestInit & { duplex?: "half" } = { method, headers };
      if (opts.body !== undefined && opts.body !== null) {
        init.body = opts.body;
        if (typeof ReadableStream !== "undefined" && opts.body instanceof ReadableStream) init.duplex = "half";
      }
      const r = await this.raw(url, init, opts.blob);
      if (r.status === 401 && attempt === 0) {
        await r.body?.cancel();
        this.tokens.clear();
        const c = parseChallenge(r.headers.get("www-authenticate"));
        if (c) this.challenge = Promise.resolve(c);
        if (opts.replayable !== false) continue;
        // A stream cannot be sent again: the step fails retryably and starts over with a fresh
        // token (wrong credentials then fail for good when the token is asked for).
        throw appError(
          "CONFLICT",
          "replication.tokenExpired",
          { registry: this.label },
          `The registry ${this.label} asked for new credentials during a transfer.`,
        );
      }
      return r;
    }
  }
}
