// Collects every problem of a compose file before failing, so the user fixes them all in one round
// instead of one per upload. Paths always use the Compose Spec layout (`services.web.ports[0]`),
// also for V1 files whose services sit at the top level, so parser and policy paths look alike.

import { appError, type ErrorDetail, type MessageParams } from "@/lib/errors";

/** A key the policy refuses. `key` (+ `params`) names its catalog message; `message` is English. */
export type Refusal = { path: string; rule: string; message: string; key?: string; params?: MessageParams };
export type Warning = { path: string; message: string; key?: string; params?: MessageParams };

/** A refusal as a policy detail (rule, path, catalog message). */
export function refusalDetail(r: Refusal): ErrorDetail {
  return { rule: r.rule, path: r.path, message: r.message, ...(r.key ? { key: r.key } : {}), ...(r.params ? { params: r.params } : {}) };
}

/** Every real problem is listed; a hostile file with 15 000 bad keys gets a bounded answer. */
const MAX_DETAILS = 200;
const MAX_WARNINGS = 200;

export class Issues {
  readonly errors: ErrorDetail[] = [];
  readonly warnings: Warning[] = [];
  private dropped = 0;

  /** A problem at `path`; `key` (+ `params`) names its catalog message, `message` is English. */
  error(path: string, message: string, key?: string, params?: MessageParams): void {
    if (this.errors.length < MAX_DETAILS) this.errors.push({ path, message, ...(key ? { key } : {}), ...(params ? { params } : {}) });
    else this.dropped++;
  }

  /** A problem of a name, path or reference (names.ts): English and its catalog message. */
  report(path: string, problem: { message: string; key: string; params?: MessageParams }): void {
    this.error(path, problem.message, problem.key, problem.params);
  }

  /** Something accepted but ignored or changed: the file still deploys, the user is told. */
  warn(path: string, message: string, key?: string, params?: MessageParams): void {
    if (this.warnings.length >= MAX_WARNINGS) return;
    if (this.warnings.some((w) => w.path === path && w.message === message)) return;
    this.warnings.push({ path, message, ...(key ? { key } : {}), ...(params ? { params } : {}) });
  }

  /** Throws one VALIDATION error listing every problem collected so far. */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const n = this.errors.length + this.dropped;
    const details = [...this.errors];
    if (this.dropped > 0)
      details.push({ path: "", message: `…and ${this.dropped} more problems`, key: "composeErrors.moreProblems", params: { count: this.dropped } });
    throw appError("VALIDATION", "composeErrors.problems", { count: n }, `The compose file has ${n} problem${n === 1 ? "" : "s"}`, { details });
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
export function fatal(path: string, message: string, key: string, params?: MessageParams): never {
  throw appError("VALIDATION", key, params, message, { details: [{ path, message, key, ...(params ? { params } : {}) }] });
}
