// The one error type of the portal. Use-cases throw it; transports map `code` to a status
// (lib/http) and show `message`, which must be safe for a user to read. Raw Prisma, Docker or
// stack-trace text never goes into `message`: wrap it and keep the cause for the server log.

export type ErrorCode = "VALIDATION" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "POLICY" | "INTERNAL";

/** Message parameters: values, or `{ path }` for a field the transport names by its label. */
export type MessageParams = Record<string, string | number>;

/** One offending field, compose key path or policy rule. `key` (+ `params`) names the catalog
 * message (messages/*.json) the transports show in the caller's language; `message` is English. */
export interface ErrorDetail {
  path: string;
  message: string;
  rule?: string;
  key?: string;
  params?: MessageParams;
  line?: number;
  column?: number;
}

/** A translatable message: catalog key, parameters, and field paths whose labels fill `{fields}`. */
export interface MessageRef {
  key: string;
  params?: MessageParams;
  paths?: string[];
}

// server.ts (tsx) and Next's bundle each load their own copy of this module, and dependencies wired
// by server.ts (lib/apps/wiring.ts: queue, locks, quota) run on server.ts's copy inside Next's
// routes: `instanceof` fails across the copies, so instances also carry a brand from the global
// symbol registry, which both copies share.
const APP_ERROR_BRAND = Symbol.for("caas.AppError");

/** An AppError of any module copy (see the brand above). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError || (typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[APP_ERROR_BRAND] === true);
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  /** When set, transports show this catalog message instead of `message` (which stays English). */
  readonly i18n?: MessageRef;

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[], options?: { cause?: unknown; i18n?: MessageRef }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    Object.defineProperty(this, APP_ERROR_BRAND, { value: true });
    this.code = code;
    this.details = details;
    this.i18n = options?.i18n;
  }
}

/** What else an AppError made by `appError` may carry. */
export interface AppErrorExtra {
  details?: ErrorDetail[];
  cause?: unknown;
  /** Field paths whose labels fill `{fields}` in the message. */
  paths?: string[];
}

/**
 * An AppError with its catalog message: `key` (+ `params`) is what the transports show in the
 * caller's language (messages/<locale>/*.json), `english` the `message` (logs, jobs, and the
 * default text). User data (names, paths, numbers) goes into `params`, never into the key.
 */
export function appError(code: ErrorCode, key: string, params: MessageParams | undefined, english: string, extra?: AppErrorExtra): AppError {
  const i18n: MessageRef = { key, ...(params && Object.keys(params).length ? { params } : {}), ...(extra?.paths ? { paths: extra.paths } : {}) };
  return new AppError(code, english, extra?.details, { i18n, ...(extra?.cause === undefined ? {} : { cause: extra.cause }) });
}

/** One problem of a field (or key path, or rule) with its catalog message; see `appError`. */
export function problem(path: string, key: string, params: MessageParams | undefined, english: string, rule?: string): ErrorDetail {
  return { path, message: english, key, ...(params && Object.keys(params).length ? { params } : {}), ...(rule ? { rule } : {}) };
}

/** An upload (image or template archive) past its size limit. */
export function archiveTooLarge(): AppError {
  return appError("VALIDATION", "errors.archiveTooLarge", undefined, "The archive is too large.");
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  POLICY: 422,
  INTERNAL: 500,
};

/** Object kinds `notFound()` names (catalog `objects.<kind>`). */
export type ObjectKind =
  | "Object"
  | "App"
  | "Container"
  | "Environment"
  | "Host"
  | "Image"
  | "Invitation"
  | "Job"
  | "Member"
  | "Publish request"
  | "Service"
  | "Tenant"
  | "Token"
  | "User"
  | (string & {});

export function notFound(what: ObjectKind = "Object"): AppError {
  return new AppError("NOT_FOUND", `${what} not found`, undefined, { i18n: { key: "errors.notFound", params: { what: `@objects.${objectKey(what)}` } } });
}

/** `"Publish request"` → `"publishRequest"` (the catalog key under `objects`). */
export function objectKey(what: string): string {
  return what.replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase());
}

/** Turn anything thrown into an AppError whose message is safe to show. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return new AppError("INTERNAL", "Something went wrong on the server. Try again; if it persists, check the portal log.", undefined, {
    cause: e,
    i18n: { key: "errors.INTERNAL" },
  });
}

/**
 * A text the portal stores and shows later (service events, job progress, compose warnings): the
 * English `message` (the only text of rows written before keys existed) and the catalog message
 * readers see in their language (`messageKey` + `messageParams`; "@key" parameters name catalog
 * entries, as in errors).
 */
export interface StoredText {
  message: string;
  messageKey?: string;
  messageParams?: MessageParams;
}

/** A stored text with its catalog key; user data (emails, counts) goes into `params`. */
export function storedText(key: string, params: MessageParams | undefined, english: string): StoredText {
  return { message: english, messageKey: key, ...(params && Object.keys(params).length ? { messageParams: params } : {}) };
}

/** The database columns of a stored text (`messageParams` as JSON). */
export function storedTextColumns(text: StoredText): { message: string; messageKey: string | null; messageParams: string | null } {
  return { message: text.message, messageKey: text.messageKey ?? null, messageParams: text.messageParams ? JSON.stringify(text.messageParams) : null };
}

/** A row's stored text as DTO fields (old rows: the English message alone). */
export function storedTextOf(row: { message: string; messageKey?: string | null; messageParams?: string | null }): StoredText {
  let params: MessageParams | undefined;
  try {
    params = row.messageParams ? (JSON.parse(row.messageParams) as MessageParams) : undefined;
  } catch {
    params = undefined;
  }
  return { message: row.message, ...(row.messageKey ? { messageKey: row.messageKey } : {}), ...(params ? { messageParams: params } : {}) };
}
