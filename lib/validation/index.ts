// Input parsing for use-cases: zod schemas, failures become one VALIDATION error naming each field.
// ─── Security invariant: no silently ignored input ──────────────────────────────────────────────
// Every REST body, query and server-action input goes through parseInput, and parseInput refuses
// fields the schema does not name — at any depth (nested objects, array items, record values,
// union members) — whether or not the schema was declared `.strict()`. A misspelt or smuggled
// field (`platformAdmin` on a self-service form, `tenantId` on an update) is a 400 naming it, never
// a request that half-happens. Schemas that read stored data (not input) use zod directly.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { z } from "zod";
import { AppError, type ErrorDetail } from "@/lib/errors";

export { z };

/** User-visible texts of this module (one place, for the catalogs to come). */
export const VALIDATION_MESSAGES = {
  unknownField: "Unknown field; remove it",
  check: (paths: string[]) => `Check ${paths.join(", ")}`,
  unknown: (paths: string[]) => `Unknown field${paths.length > 1 ? "s" : ""} in the request (remove ${paths.length > 1 ? "them" : "it"}): ${paths.join(", ")}`,
};

type Path = (string | number)[];
const pathText = (p: readonly PropertyKey[]) => p.map(String).join(".") || "(body)";
const isRecordLike = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The fields of `value` that `schema` does not name, with their paths. Walks the schema alongside
 * the input: objects (any unknown-keys mode except an explicit catch-all such as `looseObject`),
 * wrappers (optional, nullable, default, …), arrays, tuples, records, unions (the member that
 * accepts the value), pipes (their input side) and lazy schemas.
 */
export function unknownFields(schema: z.core.$ZodType, value: unknown, path: Path = [], out: string[] = []): string[] {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  switch (def.type) {
    case "object": {
      if (!isRecordLike(value)) break;
      const shape = def.shape as Record<string, z.core.$ZodType>;
      const catchall = def.catchall as z.core.$ZodType | undefined;
      for (const key of Object.keys(value)) {
        if (Object.prototype.hasOwnProperty.call(shape, key)) unknownFields(shape[key], value[key], [...path, key], out);
        // An `undefined` value carries nothing (JSON cannot even express it): only internal callers
        // building an input object produce one.
        else if (value[key] === undefined) continue;
        else if (!catchall || catchall._zod.def.type === "never") out.push(pathText([...path, key]));
        else unknownFields(catchall, value[key], [...path, key], out);
      }
      break;
    }
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      unknownFields(def.innerType as z.core.$ZodType, value, path, out);
      break;
    case "array":
      if (Array.isArray(value)) value.forEach((v, i) => unknownFields(def.element as z.core.$ZodType, v, [...path, i], out));
      break;
    case "tuple": {
      if (!Array.isArray(value)) break;
      const items = def.items as z.core.$ZodType[];
      const rest = def.rest as z.core.$ZodType | null;
      value.forEach((v, i) => {
        const s = items[i] ?? rest;
        if (s) unknownFields(s, v, [...path, i], out);
      });
      break;
    }
    case "record":
      if (isRecordLike(value)) for (const key of Object.keys(value)) unknownFields(def.valueType as z.core.$ZodType, value[key], [...path, key], out);
      break;
    case "union": {
      const member = (def.options as z.core.$ZodType[]).find((o) => z.safeParse(o, value).success);
      if (member) unknownFields(member, value, path, out);
      break;
    }
    case "intersection": {
      // A key is unknown only when neither side names it.
      const left = unknownFields(def.left as z.core.$ZodType, value, path, []);
      const right = new Set(unknownFields(def.right as z.core.$ZodType, value, path, []));
      out.push(...left.filter((p) => right.has(p)));
      break;
    }
    case "pipe":
      unknownFields(def.in as z.core.$ZodType, value, path, out);
      break;
    case "lazy":
      unknownFields((def.getter as () => z.core.$ZodType)(), value, path, out);
      break;
  }
  return out;
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const unknown = new Set(unknownFields(schema, input));
  const r = schema.safeParse(input);
  if (r.success && unknown.size === 0) return r.data;
  const invalid: ErrorDetail[] = [];
  for (const i of r.success ? [] : r.error.issues) {
    // A `.strict()` schema reports unknown keys itself: one detail per field, once.
    if (i.code === "unrecognized_keys") for (const k of i.keys) unknown.add(pathText([...i.path, k]));
    else invalid.push({ path: pathText(i.path), message: i.message });
  }
  const unknownPaths = [...unknown];
  const details = [...invalid, ...unknownPaths.map((path) => ({ path, message: VALIDATION_MESSAGES.unknownField }))];
  const message = [
    invalid.length ? VALIDATION_MESSAGES.check([...new Set(invalid.map((d) => d.path))]) : "",
    unknownPaths.length ? VALIDATION_MESSAGES.unknown(unknownPaths) : "",
  ].filter(Boolean).join("; ");
  throw new AppError("VALIDATION", message, details);
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
