// The deploy state machine's vocabulary: phases, the allowed transitions, and the persisted
// progress and failure payloads (zod-parsed when read: a stored payload is never cast).
//   pending → preflight → applying → converging → healthy
//   any non-final phase → failed | cancelled
import type { DeployPhase } from "@prisma/client";
import { z } from "zod";

export type { DeployPhase };

export const PHASES = ["pending", "preflight", "applying", "converging", "healthy", "failed", "cancelled"] as const satisfies readonly DeployPhase[];
export const FINAL_PHASES: ReadonlySet<DeployPhase> = new Set<DeployPhase>(["healthy", "failed", "cancelled"]);
export const isFinal = (p: DeployPhase) => FINAL_PHASES.has(p);

const NEXT: Record<DeployPhase, readonly DeployPhase[]> = {
  pending: ["preflight", "failed", "cancelled"],
  preflight: ["applying", "failed", "cancelled"],
  applying: ["converging", "failed", "cancelled"],
  converging: ["healthy", "failed", "cancelled"],
  healthy: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: DeployPhase, to: DeployPhase): boolean {
  return NEXT[from].includes(to);
}

/** Phases in which engine objects may have been touched: leaving them needs a restore. */
export const TOUCHES_ENGINE: ReadonlySet<DeployPhase> = new Set<DeployPhase>(["applying", "converging"]);

// ─── Progress (AppRevision.progressJson) ────────────────────────────────────────────────────────

export const STEP_NAMES = ["preflight", "applying", "converging", "restoring"] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** A task as a person follows it. */
export const TASK_STATES = ["pending", "pulling", "starting", "running", "complete", "failed"] as const;
export type TaskStateName = (typeof TASK_STATES)[number];

const step = z.object({
  name: z.enum(STEP_NAMES),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  outcome: z.enum(["done", "failed", "cancelled"]).optional(),
});

const task = z.object({
  id: z.string(),
  slot: z.number().optional(),
  state: z.enum(TASK_STATES),
  /** The host's portal name (never its address). */
  host: z.string().optional(),
  /** A typed reason (deployment.reasons.* catalog key suffix), never the engine's text. */
  reason: z.string().optional(),
  exitCode: z.number().optional(),
  since: z.string().optional(),
});

const serviceProgress = z.object({ name: z.string(), desired: z.number(), running: z.number(), tasks: z.array(task) });

export const progressSchema = z.object({ steps: z.array(step).default([]), services: z.array(serviceProgress).default([]) });
export type DeployProgress = z.infer<typeof progressSchema>;
export type StepRecord = z.infer<typeof step>;
export type ServiceProgress = z.infer<typeof serviceProgress>;
export type TaskProgress = z.infer<typeof task>;

export const EMPTY_PROGRESS: DeployProgress = { steps: [], services: [] };

export function parseProgress(json: string | null | undefined): DeployProgress {
  try {
    const r = progressSchema.safeParse(JSON.parse(json || "{}"));
    return r.success ? r.data : EMPTY_PROGRESS;
  } catch {
    return EMPTY_PROGRESS;
  }
}

/** Starts `name` (ending the step before it, if still open). Idempotent for a resumed run. */
export function startStep(p: DeployProgress, name: StepName, now: Date): DeployProgress {
  const last = p.steps.at(-1);
  if (last?.name === name && !last.endedAt) return p;
  const steps = p.steps.map((s) => (s.endedAt ? s : { ...s, endedAt: now.toISOString(), outcome: "done" as const }));
  return { ...p, steps: [...steps, { name, startedAt: now.toISOString() }] };
}

export function endSteps(p: DeployProgress, outcome: "done" | "failed" | "cancelled", now: Date): DeployProgress {
  return { ...p, steps: p.steps.map((s) => (s.endedAt ? s : { ...s, endedAt: now.toISOString(), outcome })) };
}

// ─── Failure (AppRevision.failureJson) ──────────────────────────────────────────────────────────

const detail = z.object({
  path: z.string(),
  message: z.string(),
  rule: z.string().optional(),
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Why a deploy failed, as an AppError would carry it: safe English, catalog key, details. */
export const failureSchema = z.object({
  code: z.enum(["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "POLICY", "INTERNAL"]),
  message: z.string(),
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  details: z.array(detail).optional(),
  /** The phase it failed in. */
  phase: z.enum(PHASES).optional(),
});
export type DeployFailure = z.infer<typeof failureSchema>;

export function parseFailure(json: string | null | undefined): DeployFailure | null {
  if (!json) return null;
  try {
    const r = failureSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** How far a deploy is, 0–100 (the job's percent and the progress bar): by phase, and while
 * converging by the replicas running. */
export function progressPercent(phase: DeployPhase, services: readonly ServiceProgress[]): number {
  const base: Record<DeployPhase, number> = { pending: 0, preflight: 5, applying: 15, converging: 20, healthy: 100, failed: 100, cancelled: 100 };
  if (phase !== "converging") return base[phase];
  const t = services.reduce((a, s) => ({ running: a.running + Math.min(s.running, s.desired), desired: a.desired + s.desired }), { running: 0, desired: 0 });
  return 20 + Math.round((75 * t.running) / Math.max(1, t.desired));
}
