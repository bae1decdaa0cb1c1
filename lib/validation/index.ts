// Input parsing for use-cases: zod schemas, failures become one VALIDATION error naming each field.
import { z } from "zod";
import { AppError } from "@/lib/errors";

export { z };

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
  throw new AppError("VALIDATION", `Check ${details.map((d) => d.path).join(", ")}`, details);
}

export const id = z.string().min(1).max(64);
export const name = z.string().trim().min(1, "Required").max(80);
export const slug = z
  .string()
  .trim()
  .min(2, "At least 2 characters")
  .max(40)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "Lowercase letters, digits and dashes; start and end with a letter or digit");
export const email = z.string().trim().toLowerCase().email("Enter a valid email address").max(200);
export const password = z.string().min(8, "At least 8 characters").max(200);

/** `?limit=&cursor=` for collections. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(64).optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** Prisma args for cursor pagination by id. */
export function pageArgs(q: Partial<PageQuery> = {}) {
  const limit = q.limit ?? 100;
  return { take: limit + 1, ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}) };
}

export function toPage<T extends { id: string }>(rows: T[], q: Partial<PageQuery> = {}): { items: T[]; nextCursor: string | null } {
  const limit = q.limit ?? 100;
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
