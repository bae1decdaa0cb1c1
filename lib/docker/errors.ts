// Every engine failure leaves lib/docker as an AppError whose message names the host endpoint and
// the operation. The engine's own message is kept (it is the useful part: "No such image: …") but
// never anything from the connection config: TLS and SSH keys stay out of messages and causes.
import { AppError, type ErrorCode } from "@/lib/errors";

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
  level?: string; // ssh2: "client-socket", "client-timeout", "client-authentication"
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

function describeUnreachable(e: RawEngineError): string {
  if (e.code === "ABORT_ERR" || e.name === "AbortError" || e.code === "ETIMEDOUT" || e.level === "client-timeout") {
    return "no answer in time";
  }
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "ENOENT") return "no such socket";
  if (e.code === "ECONNRESET" || e.code === "EPIPE") return "connection reset";
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return "name not resolved";
  return e.code ?? e.level ?? "connection failed";
}

function rawIsUnreachable(e: RawEngineError): boolean {
  if (e.statusCode) return false;
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
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as RawEngineError;
  if (rawIsUnreachable(e)) {
    return new AppError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${UNREACHABLE_MARK} (${describeUnreachable(e)})`);
  }
  if (e.level === "client-authentication") {
    return new AppError("INTERNAL", `Engine ${endpoint}: ${op} failed: SSH authentication was refused`);
  }
  if (typeof e.statusCode === "number") {
    return new AppError(statusToCode(e.statusCode), `Engine ${endpoint}: ${op} failed: ${engineMessage(e)}`);
  }
  // TLS handshake errors and the like: Node's message names the problem, never the key material.
  return new AppError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${engineMessage(e)}`);
}

/** An AppError for a failure the engine reported inside a 200 stream (import, pull, push). */
export function streamError(endpoint: string, op: string, message: string): AppError {
  return new AppError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${message}`);
}

/** A stream that was open (events, logs, exec) ended because the host went away. */
export function lostError(endpoint: string, op: string, why: string): AppError {
  return new AppError("INTERNAL", `Engine ${endpoint}: ${op} failed: ${UNREACHABLE_MARK} (${why})`);
}

/** True when the host did not answer (refused, reset, timed out, socket gone), as opposed to
 * answering with an error. Use-cases mark the host offline on this instead of failing the job. */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof AppError) return e.code === "INTERNAL" && e.message.includes(`: ${UNREACHABLE_MARK}`);
  return !!e && typeof e === "object" && rawIsUnreachable(e as RawEngineError);
}
