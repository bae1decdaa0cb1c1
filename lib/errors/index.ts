// The one error type of the portal. Use-cases throw it; transports map `code` to a status
// (lib/http) and show `message`, which must be safe for a user to read. Raw Prisma, Docker or
// stack-trace text never goes into `message`: wrap it and keep the cause for the server log.

export type ErrorCode =
  | "VALIDATION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "POLICY"
  | "INTERNAL";

/** One offending field, compose key path or policy rule. */
export interface ErrorDetail {
  path: string;
  message: string;
  rule?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
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

export function notFound(what = "Object"): AppError {
  return new AppError("NOT_FOUND", `${what} not found`);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turn anything thrown into an AppError whose message is safe to show. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError("INTERNAL", "Something went wrong on the server. Try again; if it persists, check the portal log.", undefined, { cause: e });
}
