// Typed questions of a template version and the validation of a deploy's answers. Answers become
// the variables of the ordinary compose deploy path (policy, port pool, revisions): this module
// only checks types and turns answers into strings; it never decides what the compose may do.
import { AppError, type ErrorDetail } from "@/lib/errors";
import { keyed, z } from "@/lib/validation";

export const QUESTION_TYPES = ["string", "multiline", "int", "boolean", "enum", "password", "service", "certificate", "secret"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Variables the portal fills in itself (the registry host); no question may define them. */
export const RESERVED_PREFIX = "CAAS_";
export const REGISTRY_VARIABLE = "CAAS_REGISTRY";

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Variable names: letters, digits, _")
  .max(64)
  .refine((v) => !v.startsWith(RESERVED_PREFIX), keyed("validation.reservedPrefix", { prefix: RESERVED_PREFIX }));

export const questionSchema = z
  .object({
    variable: variableName,
    label: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    type: z.enum(QUESTION_TYPES),
    required: z.boolean().optional(),
    default: z.union([z.string().max(10_000), z.number(), z.boolean()]).optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    options: z.array(z.string().max(200)).max(200).optional(),
    group: z.string().max(100).optional(),
    /** `VAR=value` conditions joined by `&&`: the question is asked only when all hold. */
    showIf: z.string().max(500).optional(),
  })
  .strict()
  .refine((q) => q.type !== "enum" || (q.options?.length ?? 0) > 0, { path: ["options"], ...keyed("validation.enumOptions") });

export type Question = z.infer<typeof questionSchema>;
export const questionsSchema = z
  .array(questionSchema)
  .max(100)
  .refine((qs) => new Set(qs.map((q) => q.variable)).size === qs.length, keyed("validation.uniqueVariables"));

export type AnswerValue = string | number | boolean;
export type Answers = Record<string, AnswerValue>;
export const answersSchema = z.record(z.string().max(64), z.union([z.string().max(10_000), z.number(), z.boolean()]));

/** A deploy variable: plain text, or a sealed one (`{ secret: true }` alone keeps the stored value). */
export type VariableEntry = string | { value?: string; secret: true };

/** Looks up the objects `service`, `certificate` and `secret` answers name (passed in: tests use fakes). */
export interface AnswerContext {
  serviceExists(name: string): Promise<boolean>;
  secretExists(name: string): Promise<boolean>;
}

/** Stored questions, parsed (never `as`-cast); a broken row reads as no questions. */
export function readQuestions(json: string): Question[] {
  try {
    const r = questionsSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : [];
  } catch {
    return [];
  }
}

const asText = (v: AnswerValue | undefined): string => (v === undefined ? "" : String(v));

function conditionHolds(showIf: string | undefined, values: Record<string, string>): boolean {
  if (!showIf?.trim()) return true;
  return showIf.split("&&").every((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!?=)\s*(.*?)\s*$/.exec(part);
    if (!m) return true;
    const equal = (values[m[1]] ?? "") === m[3];
    return m[2] === "=" ? equal : !equal;
  });
}

export interface ValidatedAnswers {
  /** For the deploy: one entry per asked question (password ones sealed). */
  variables: Record<string, VariableEntry>;
  /** What is remembered on the installed app: plain answers, password ones left out. */
  plain: Record<string, string>;
}

/**
 * Checks `answers` against `questions`: wrong types, missing required answers, out-of-range
 * numbers, unknown options and unknown answer names are each reported under `answers.<variable>`
 * in ONE error. `keepSecret` lists password questions whose current value the deploy keeps.
 */
export async function validateAnswers(
  questions: Question[],
  answers: Answers,
  ctx: AnswerContext,
  keepSecret: ReadonlySet<string> = new Set(),
): Promise<ValidatedAnswers> {
  const problems: ErrorDetail[] = [];
  const bad = (q: Question | string, message: string, key: string, params: Record<string, string | number> = {}) =>
    problems.push({
      path: `answers.${typeof q === "string" ? q : q.variable}`,
      message,
      key: `storeErrors.${key}`,
      params: { label: typeof q === "string" ? q : q.label, ...params },
    });
  const known = new Set(questions.map((q) => q.variable));
  for (const name of Object.keys(answers)) if (!known.has(name)) bad(name, "This template asks no such question", "unknownQuestion");

  const effective: Record<string, string> = {};
  for (const q of questions) effective[q.variable] = asText(answers[q.variable] ?? q.default);
  const variables: Record<string, VariableEntry> = {};
  const plain: Record<string, string> = {};
  for (const q of questions) {
    if (!conditionHolds(q.showIf, effective)) continue;
    const given = answers[q.variable];
    const raw = given ?? q.default;
    const missing = raw === undefined || (typeof raw === "string" && raw.trim() === "");
    if (q.type === "password" && given === undefined && keepSecret.has(q.variable)) {
      variables[q.variable] = { secret: true };
      continue;
    }
    if (missing) {
      if (q.required) bad(q, `"${q.label}" is required`, "required");
      else if (q.type !== "password") variables[q.variable] = plain[q.variable] = "";
      continue;
    }
    let value: string;
    switch (q.type) {
      case "int": {
        const n = typeof raw === "number" ? raw : typeof raw === "string" && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
        if (!Number.isSafeInteger(n)) {
          bad(q, `"${q.label}" must be a whole number`, "wholeNumber");
          continue;
        }
        if (q.min !== undefined && n < q.min) bad(q, `"${q.label}" must be at least ${q.min}`, "atLeast", { min: q.min });
        if (q.max !== undefined && n > q.max) bad(q, `"${q.label}" must be at most ${q.max}`, "atMost", { max: q.max });
        value = String(n);
        break;
      }
      case "boolean": {
        if (typeof raw === "boolean") value = String(raw);
        else if (raw === "true" || raw === "false") value = raw;
        else {
          bad(q, `"${q.label}" must be true or false`, "trueOrFalse");
          continue;
        }
        break;
      }
      case "enum": {
        value = asText(raw);
        if (!q.options!.includes(value)) bad(q, `"${q.label}" must be one of: ${q.options!.join(", ")}`, "oneOf", { options: q.options!.join(", ") });
        break;
      }
      default: {
        if (typeof raw !== "string") {
          bad(q, `"${q.label}" must be text`, "text");
          continue;
        }
        value = raw;
        if (q.type !== "multiline" && q.type !== "password" && /[\r\n]/.test(value)) bad(q, `"${q.label}" must be one line`, "oneLine");
        if (q.type === "service" && !(await ctx.serviceExists(value))) bad(q, `"${q.label}": no such service in this environment`, "noService");
        if ((q.type === "certificate" || q.type === "secret") && !(await ctx.secretExists(value)))
          bad(q, `"${q.label}": no such secret in this environment`, "noSecret");
      }
    }
    if (q.type === "password") variables[q.variable] = { value, secret: true };
    else variables[q.variable] = plain[q.variable] = value;
  }
  if (problems.length) throw new AppError("VALIDATION", "Some answers are invalid.", problems, { i18n: { key: "storeErrors.invalidAnswers" } });
  return { variables, plain };
}
