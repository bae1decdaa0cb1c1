// ─── Bounds on what an app may ask for, in one place ─────────────────────────────────────────────
// The parser (hard ceilings, so absurd numbers are refused at the key that wrote them), the policy
// (the environment's bounds, re-checked on every deploy, start and rollback) and scaling (REST,
// server action and the swarm driver) all read these, so a compose file can never ask for more
// than a scale request could, and `memory: 1000t` is refused instead of reaching an engine.
// ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface ResourceLimits {
  /** Replicas of one service. */
  maxReplicas: number;
  /** CPU limit or reservation of one container, in CPUs. */
  maxCpus: number;
  /** Memory limit or reservation of one container, in bytes. */
  maxMemoryBytes: number;
}

const MIB = 1024 ** 2;
const TIB = 1024 ** 4;

/** What the platform allows anywhere; an environment may only narrow these. */
export const PLATFORM_LIMITS: Readonly<ResourceLimits> = Object.freeze({ maxReplicas: 100, maxCpus: 64, maxMemoryBytes: TIB });

/** The engine refuses smaller limits when it starts the container ("Minimum memory limit allowed is 6MB"). */
export const MIN_MEMORY_BYTES = 6 * MIB;
/** The engine's smallest CPU quota (NanoCPUs of 10 000 000). */
export const MIN_CPUS = 0.01;

/**
 * The bounds of one environment. The schema has no per-environment columns yet, so every
 * environment gets the platform's; callers already pass the environment so that a column (or a
 * platform setting) narrows them here without touching the parser, the policy or scaling.
 */
export function environmentLimits(_env: { id: string }): ResourceLimits {
  return { ...PLATFORM_LIMITS };
}

export const LIMIT_MESSAGES = {
  replicas: (max: number) => `Replicas must be a whole number from 0 to ${max} in this environment`,
  cpus: (max: number) => `A CPU count must be from ${MIN_CPUS} to ${max} in this environment`,
  memory: (max: number) => `A memory size must be from 6M to ${formatBytes(max)} in this environment`,
};

export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ["T", TIB],
    ["G", 1024 ** 3],
    ["M", MIB],
    ["K", 1024],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  return `${n} bytes`;
}

export const replicasWithin = (n: number, l: ResourceLimits) => Number.isInteger(n) && n >= 0 && n <= l.maxReplicas;
export const cpusWithin = (n: number, l: ResourceLimits) => Number.isFinite(n) && n >= MIN_CPUS && n <= l.maxCpus;
export const memoryWithin = (n: number, l: ResourceLimits) => Number.isSafeInteger(n) && n >= MIN_MEMORY_BYTES && n <= l.maxMemoryBytes;
