// Collects every problem of a compose file before failing, so the user fixes them all in one round
// instead of one per upload. Paths always use the Compose Spec layout (`services.web.ports[0]`),
// also for V1 files whose services sit at the top level, so parser and policy paths look alike.

import { AppError, type ErrorDetail } from "@/lib/errors";

export type Refusal = { path: string; rule: string; message: string };
export type Warning = { path: string; message: string };

/** Every real problem is listed; a hostile file with 15 000 bad keys gets a bounded answer. */
const MAX_DETAILS = 200;
const MAX_WARNINGS = 200;

export class Issues {
  readonly errors: ErrorDetail[] = [];
  readonly warnings: Warning[] = [];
  private dropped = 0;

  error(path: string, message: string): void {
    if (this.errors.length < MAX_DETAILS) this.errors.push({ path, message });
    else this.dropped++;
  }

  /** Something accepted but ignored or changed: the file still deploys, the user is told. */
  warn(path: string, message: string): void {
    if (this.warnings.length >= MAX_WARNINGS) return;
    if (this.warnings.some((w) => w.path === path && w.message === message)) return;
    this.warnings.push({ path, message });
  }

  /** Throws one VALIDATION error listing every problem collected so far. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const n = this.errors.length + this.dropped;
    const details = [...this.errors];
    if (this.dropped > 0) details.push({ path: "", message: `…and ${this.dropped} more problems` });
    throw new AppError("VALIDATION", `The compose file has ${n} problem${n === 1 ? "" : "s"}`, details);
  }
}

const SIMPLE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Appends a key or index to a path. Keys that are not plain words are JSON-quoted, so a key holding
 * a newline or a dot cannot forge a different-looking path in an error message.
 */
export function childPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (SIMPLE_KEY.test(key)) return base === "" ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Throws a VALIDATION error for a problem that makes further parsing pointless. */
export function fatal(path: string, message: string): never {
  throw new AppError("VALIDATION", message, [{ path, message }]);
}
