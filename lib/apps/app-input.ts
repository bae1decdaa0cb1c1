import { z } from "@/lib/validation";

export const appName = z
  .string()
  .trim()
  .min(1, "Required")
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Lowercase letters, digits and dashes; start with a letter or digit");
export const composeText = z
  .string()
  .min(1, "Paste a Compose file")
  .max(256 * 1024, "At most 256 KiB");
const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Variable names: letters, digits, _");
const variableValue = z.string().max(10_000);
/**
 * `NAME: "value"`, or `NAME: { value, secret: true }` for a value sealed at rest and never shown
 * again (not to viewers, not in the export). `NAME: { secret: true }` without a value keeps the
 * value the app's current revision holds (a form cannot send back what it was never shown).
 */
export const variableEntry = z.union([variableValue, z.object({ value: variableValue.optional(), secret: z.boolean().optional() }).strict()]);
/** Without a default: absent stays absent (a redeploy without variables keeps the current ones;
 * zod 4 applies an inner .default() even under .optional()). */
export const variablesOrAbsent = z.record(variableName, variableEntry).optional();
export const variables = z.record(variableName, variableEntry).default({});
export const idempotencyKey = z.string().min(8).max(100).optional();
/** Deploy options: lease pool ports for published ports outside the pool; Compose profiles to enable. */
export const remapPorts = z.boolean().optional();
export const profiles = z
  .array(
    z
      .string()
      .regex(/^(\*|[a-zA-Z0-9][a-zA-Z0-9_.-]*)$/, "Profile names: letters, digits, '.', '_', '-' (or * for all)")
      .max(64),
  )
  .max(32)
  .optional();

export type VariablesInput = z.infer<typeof variables>;
