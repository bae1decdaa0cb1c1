// Retries with exponential backoff, capped, with jitter. The clock and the random source are passed
// in, so the policy is unit-tested with fakes and the integration tests can wait for real.
import { isAppError } from "@/lib/errors";

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RetryPolicy {
  /** Tries in all, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** No delay is longer than this, before jitter. */
  capMs: number;
  /** Growth per retry (2 doubles). */
  factor: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, capMs: 30_000, factor: 2 };

/**
 * The wait before retry number `retry` (0 = the first retry): base·factor^retry capped at `capMs`,
 * then "equal jitter": half of it fixed, half random, so concurrent copies that failed together
 * spread out but a wait never shrinks below half its step. `random` returns [0, 1).
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.capMs, policy.baseMs * Math.pow(policy.factor, Math.max(0, retry)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(step / 2 + (step / 2) * r);
}

/** Error keys (catalog) of failures worth retrying: the registry did not answer, had a server
 * error, or wanted a new token in the middle of a streamed upload. */
export const RETRYABLE_KEYS = new Set(["replication.unreachable", "replication.serverError", "replication.tokenExpired"]);

export function isRetryable(e: unknown): boolean {
  return isAppError(e) && RETRYABLE_KEYS.has(e.i18n?.key ?? "");
}

export interface RetryDeps {
  clock: Clock;
  random?: () => number;
  /** Called before each wait (logs, progress). */
  onRetry?: (info: { retry: number; delayMs: number; error: unknown }) => void;
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or the attempts are used up
 * (then the last error is thrown). `fn` must be idempotent: the copy steps are (HEAD before PUT). */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
  retryable: (e: unknown) => boolean = isRetryable,
): Promise<T> {
  const random = deps.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (attempt + 1 >= policy.attempts || !retryable(e)) throw e;
      const delayMs = backoffDelay(attempt, policy, random);
      deps.onRetry?.({ retry: attempt, delayMs, error: e });
      await deps.clock.sleep(delayMs);
    }
  }
}
