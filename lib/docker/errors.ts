// Every engine failure leaves lib/docker as an AppError whose message names the host endpoint and
// the operation. The engine's own message is kept (it is the useful part: "No such image: …") but
// never anything from the connection config: TLS and SSH keys stay out of messages and causes.
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";

/** Why a connection to an engine failed, in terms a user can act on. The raw error (OpenSSL,
 * Node, ssh2 text) stays in the server log; callers answer with the category only. */
export type ConnectionCategory =
  | "unreachable" // nothing answered: refused, reset, timed out, name not resolved
  | "not_docker" // something answered, but not a Docker Engine API
  | "tls_failed" // TLS handshake or certificate check failed (or unusable TLS material)
  | "auth_failed" // the engine (or sshd) refused our credentials
  | "refused_by_policy" // the portal refused to connect: the address is not allowed (T31)
  | "host_key_changed"; // ssh: the host presents another key than the one pinned on first use

/** What went wrong with an engine call, typed by the HTTP status and the error's structure (never
 * by the engine's message text), so callers map it to a message a person can act on. */
export type EngineErrorKind =
  | "unreachable" // the host did not answer (or the connection could not be made)
  | "not_found" // 404: no such object (image, service, network …)
  | "conflict" // 409 (name taken) or 503 (not in the swarm state the call needs)
  | "pull_denied" // 401/403 from the engine or its registry: credentials refused
  | "no_suitable_node" // a task cannot be placed (constraints) — task status, see taskErrorKind
  | "insufficient_resources" // a task cannot be placed for lack of CPU/memory — task status
  | "invalid" // 400: the engine refused the request itself
  | "other";

/** An engine failure that knows its connection category (null: the engine answered with an
 * error of its own, e.g. "No such service") and its kind. `engineMessage` is the engine's raw text
 * for the server log only; `message` names the endpoint and must not reach an API answer of the
 * deploy path (lib/apps/deploy-errors.ts maps errors to messages naming the host by its name). */
export class EngineError extends AppError {
  readonly category: ConnectionCategory | null;
  readonly kind: EngineErrorKind;
  readonly status?: number;
  readonly endpoint: string;
  readonly op: string;
  constructor(
    code: ErrorCode,
    message: string,
    category: ConnectionCategory | null,
    options?: { cause?: unknown; kind?: EngineErrorKind; status?: number; endpoint?: string; op?: string },
  ) {
    // The catalog names what went wrong by its typed category or kind; the engine's own text and
    // the endpoint stay in the English `message` (server log, jobs), never in a translated answer.
    const kind = options?.kind ?? (category ? "unreachable" : "other");
    super(code, message, undefined, { ...options, i18n: { key: category ? `engineErrors.category.${category}` : `engineErrors.kind.${kind}` } });
    this.category = category;
    this.kind = kind;
    this.status = options?.status;
    this.endpoint = options?.endpoint ?? "";
    this.op = options?.op ?? "";
  }
}

/** The kind of an HTTP answer's status. */
export function kindOfStatus(status: number): EngineErrorKind {
  if (status === 404) return "not_found";
  if (status === 409 || status === 503) return "conflict";
  if (status === 401 || status === 403) return "pull_denied";
  if (status === 400) return "invalid";
  return "other";
}

/** The kind of any error an Engine call threw ("other" for non-engine errors). */
export function engineErrorKind(e: unknown): EngineErrorKind {
  if (e instanceof EngineError) return e.kind;
  if (isAppError(e) || !e || typeof e !== "object") return "other";
  const raw = e as RawEngineError;
  if (typeof raw.statusCode === "number") return kindOfStatus(raw.statusCode);
  return categorize(raw) ? "unreachable" : "other";
}

/** Raw errors the transport itself raises before or instead of a connection. */
export const REFUSED_BY_POLICY = "ERR_CAAS_REFUSED_BY_POLICY";
export const HOST_KEY_CHANGED = "ERR_CAAS_HOST_KEY_CHANGED";
export const SSH_KEY_MISSING = "ERR_CAAS_SSH_KEY_MISSING";
export const NOT_DOCKER = "ERR_CAAS_NOT_DOCKER";

export function transportError(code: typeof REFUSED_BY_POLICY | typeof HOST_KEY_CHANGED | typeof SSH_KEY_MISSING | typeof NOT_DOCKER, detail: string): Error {
  return Object.assign(new Error(detail), { code });
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ETIMEDOUT",
  "EPIPE",
  "ENOENT", // unix socket path does not exist
  "ENOTFOUND",
  "EAI_AGAIN",
  "ABORT_ERR", // our own timeout aborted the request
  "ERR_SOCKET_CLOSED",
]);

const UNREACHABLE_MARK = "host unreachable";

interface RawEngineError {
  code?: string;
  name?: string;
  level?: string; // ssh2: "client-socket", "client-timeout", "client-authentication", "client-dns"
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

function statusToCode(status: number): ErrorCode {
  if (status === 404) return "NOT_FOUND";
  if (status === 409) return "CONFLICT";
  if (status === 400) return "VALIDATION";
  // 503 is the engine saying "not in the swarm state this needs" (not a manager, already in a
  // swarm): a state conflict the caller can act on, not a server fault.
  if (status === 503) return "CONFLICT";
  return "INTERNAL";
}

// Alerts by which a TLS server refuses *our* client certificate: an authentication failure.
const TLS_CLIENT_REFUSED =
  /^ERR_SSL_(SSLV3_ALERT_BAD_CERTIFICATE|TLSV13_ALERT_CERTIFICATE_REQUIRED|TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_CERTIFICATE_UNKNOWN|TLSV1_ALERT_ACCESS_DENIED|SSLV3_ALERT_CERTIFICATE_REVOKED|SSLV3_ALERT_CERTIFICATE_EXPIRED)$/;
const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$|EPROTO$)/;

function engineAnswered(e: RawEngineError): boolean {
  return !!e.json && typeof e.json === "object" && !Buffer.isBuffer(e.json) && typeof e.json.message === "string";
}

/** The category of a raw transport/modem/ssh2 error; null when the engine answered itself. */
export function categorize(e: RawEngineError): ConnectionCategory | null {
  const code = e.code ?? "";
  if (code === REFUSED_BY_POLICY) return "refused_by_policy";
  if (code === HOST_KEY_CHANGED) return "host_key_changed";
  if (code === SSH_KEY_MISSING || e.level === "client-authentication") return "auth_failed";
  if (code === NOT_DOCKER || /^HPE_/.test(code)) return "not_docker";
  if (typeof e.statusCode === "number") {
    if (e.statusCode === 401) return "auth_failed";
    return engineAnswered(e) ? null : "not_docker";
  }
  if (TLS_CLIENT_REFUSED.test(code)) return "auth_failed";
  if (TLS_CODES.test(code) || (typeof e.message === "string" && /SSL routines|wrong version number|certificate/i.test(e.message))) return "tls_failed";
  if (rawIsUnreachable(e) || e.level === "client-dns") return "unreachable";
  // A channel or protocol error from ssh2 (e.g. no "docker" on the remote host) or anything else
  // on the way: we never reached an engine.
  if (e.level) return "not_docker";
  return null;
}

/** The connection category of any error thrown by an Engine call (null: not a connection error). */
export function connectionCategory(e: unknown): ConnectionCategory | null {
  if (e instanceof EngineError) return e.category;
  if (isAppError(e) || !e || typeof e !== "object") return null;
  return categorize(e as RawEngineError);
}

function describeUnreachable(e: RawEngineError): string {
  if (e.code === "ABORT_ERR" || e.name === "AbortError" || e.code === "ETIMEDOUT" || e.level === "client-timeout") {
    return "no answer in time";
  }
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "ENOENT") return "no such socket";
  if (e.code === "ECONNRESET" || e.code === "EPIPE") return "connection reset";
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN" || e.level === "client-dns") return "name not resolved";
  if (e.code === REFUSED_BY_POLICY) return "refused by the portal's network policy";
  return e.code ?? e.level ?? "connection failed";
}

function rawIsUnreachable(e: RawEngineError): boolean {
  if (e.statusCode) return false;
  // The policy refusal reads as unreachable to the reconciler and jobs: the host is marked
  // unreachable (not an internal error) until an admin allows its address again.
  if (e.code === REFUSED_BY_POLICY) return true;
  if (e.code && UNREACHABLE_CODES.has(e.code)) return true;
  if (e.name === "AbortError") return true;
  if (e.level === "client-socket" || e.level === "client-timeout") return true;
  return typeof e.message === "string" && /socket hang up|ECONNREFUSED|ECONNRESET|connect ETIMEDOUT/.test(e.message);
}

/** The engine's message without docker-modem's "(HTTP code 404) unexpected - " prefix. */
function engineMessage(e: RawEngineError): string {
  const fromJson = e.json && typeof e.json === "object" ? e.json.message : undefined;
  const text = (fromJson ?? e.message ?? String(e)).trim();
  const clean = text.replace(/^\(HTTP code \d+\)\s+[^-]*-\s*/, "").trim();
  if (clean && clean !== "[object Object]") return clean;
  // an HTTP answer without the engine's {"message": …}: something else listens there
  return e.statusCode ? `HTTP ${e.statusCode} without an engine message (is this a Docker Engine API?)` : "unknown engine error";
}

/** Wrap anything a dockerode/modem call threw. `op` reads like "create service". */
export function engineError(endpoint: string, op: string, err: unknown): AppError {
  if (isAppError(err)) return err;
  const e = (err ?? {}) as RawEngineError;
  const category = categorize(e);
  // The cause keeps the raw error for the server log; it never reaches a response body.
  const cause = {
    cause: err,
    endpoint,
    op,
    // An HTTP answer is typed by its status (401/403: credentials refused); an answer that is no
    // engine's (no JSON message) means we never reached one.
    ...(typeof e.statusCode === "number"
      ? { status: e.statusCode, kind: category === "not_docker" ? ("unreachable" as const) : kindOfStatus(e.statusCode) }
      : {}),
  };
  if (rawIsUnreachable(e)) {
    return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${UNREACHABLE_MARK} (${describeUnreachable(e)})`, category, cause);
  }
  if (category === "auth_failed" && (e.level || e.code === SSH_KEY_MISSING)) {
    return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: SSH authentication was refused`, category, cause);
  }
  if (category === "host_key_changed") {
    return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: the SSH host key changed since the host was added`, category, cause);
  }
  if (typeof e.statusCode === "number") {
    return new EngineError(statusToCode(e.statusCode), `Engine ${endpoint}: ${op} failed: ${engineMessage(e)}`, category, cause);
  }
  if (category === "tls_failed") return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: TLS handshake failed`, category, cause);
  if (category === "not_docker")
    return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: the endpoint does not answer like a Docker Engine API`, category, cause);
  return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${engineMessage(e)}`, category, cause);
}

/** An AppError for a failure the engine reported inside a 200 stream (import, pull, push). */
export function streamError(endpoint: string, op: string, message: string, kind: EngineErrorKind = "other"): AppError {
  return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${message}`, null, { kind, endpoint, op });
}

/** A stream that was open (events, logs, exec) ended because the host went away. */
export function lostError(endpoint: string, op: string, why: string): AppError {
  return new EngineError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${UNREACHABLE_MARK} (${why})`, "unreachable", { kind: "unreachable", endpoint, op });
}

/** True when swarm refused a write made at a stale object version ("update out of sequence"):
 * re-read the object and apply the change again. */
export function isOutOfSequence(e: unknown): boolean {
  return e instanceof Error && /out of sequence/i.test(e.message);
}

/** True when the host did not answer (refused, reset, timed out, socket gone), as opposed to
 * answering with an error. Use-cases mark the host offline on this instead of failing the job. */
export function isUnreachable(e: unknown): boolean {
  if (isAppError(e)) return e.code === "INTERNAL" && e.message.includes(`: ${UNREACHABLE_MARK}`);
  return !!e && typeof e === "object" && rawIsUnreachable(e as RawEngineError);
}
