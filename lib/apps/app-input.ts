import { z } from "@/lib/validation";

export const appName = z
  .string()
  .trim()
  .min(1, "Required")
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Lowercase letters, digits and dashes; start with a letter or digit");
export const composeText = z.string().min(1, "Paste a Compose file").max(256 * 1024, "At most 256 KiB");
export const variables = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "Variable names: letters, digits, _"), z.string().max(10_000)).default({});
export const idempotencyKey = z.string().min(8).max(100).optional();
