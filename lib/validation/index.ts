// Input parsing for use-cases: zod schemas, failures become one VALIDATION error naming each field.
// ─── Security invariant: no silently ignored input ──────────────────────────────────────────────
// Every REST body, query and server-action input goes through parseInput, and parseInput refuses
// fields the schema does not name — at any depth (nested objects, array items, record values,
// union members) — whether or not the schema was declared `.strict()`. A misspelt or smuggled
// field (`platformAdmin` on a self-service form, `tenantId` on an update) is a 400 naming it, never
// a request that half-happens. Schemas that read stored data (not input) use zod directly.
// ───────────────────────────────────────────────────────────────────────────────────────────────
import { z } from "zod";
import { AppError, type ErrorDetail, type MessageParams } from "@/lib/errors";
import { translator } from "@/lib/i18n/translate";
import { fieldLabel } from "@/lib/i18n/localize-error";

export { z };

/** User-visible texts of this module: catalog keys (messages/*.json, namespace `validation`);
 * `message` in an ErrorDetail is the English text, the transports show the caller's language. */
export const VALIDATION_MESSAGES = {
  unknownField: "validation.unknownField",
  check: "validation.check",
  unknown: "validation.unknownFields",
};

const en = (key: string, params?: MessageParams) => translator("en")(key, params);

/**
 * A refine/custom issue's catalog message with parameters: `.refine(ok, keyed("validation.cidr"))`
 * or `{ path: ["login"], ...keyed("validation.loginOrAddress") }`, or `ctx.addIssue({ code:
 * "custom", ...keyed(key, params) })`. The field's label is added as `{field}` by the transports.
 */
export function keyed(key: string, params?: MessageParams): { message: string; params: { i18n: string; values?: MessageParams } } {
  return { message: key, params: { i18n: key, ...(params ? { values: params } : {}) } };
}

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

/** zod's own wording (not a message a schema chose): replaced by the catalog's. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized|Expected|Number must|String must)/;
/** A schema may name a catalog message directly: `.min(2, "validation.slug")`. */
const isKey = (m: string) => /^validation\.[A-Za-z0-9_.]+$/.test(m);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/**
 * One zod issue → a catalog key and parameters (no field name inside: the transports add the
 * field's label as `{field}`). Messages a schema wrote itself stay, in English, unless they are a
 * key or a size/type/format rule the catalog words better.
 */
export function issueMessage(i: z.core.$ZodIssue, input: unknown): { key: string; params?: MessageParams } | null {
  const own = (i as { params?: { i18n?: unknown; values?: MessageParams } }).params;
  if (i.code === "custom" && typeof own?.i18n === "string") return { key: own.i18n, ...(own.values ? { params: own.values } : {}) };
  if (isKey(i.message)) return { key: i.message };
  const custom = !ZOD_DEFAULT.test(i.message);
  const iss = i as z.core.$ZodIssue & Record<string, unknown>;
  switch (i.code) {
    case "invalid_type": {
      const v = valueAt(input, i.path);
      if (v === undefined || v === null || v === "") return { key: "validation.required" };
      const expected = String(iss.expected);
      if (["string", "number", "boolean", "array", "object", "int", "date"].includes(expected)) return { key: `validation.type.${expected}` };
      return { key: "validation.invalid" };
    }
    case "too_small": {
      const min = Number(iss.minimum);
      const origin = String(iss.origin);
      if (origin === "string") return min <= 1 ? { key: "validation.required" } : { key: "validation.tooShort", params: { min } };
      if (origin === "array" || origin === "set") return { key: "validation.tooFewItems", params: { min } };
      if (origin === "number" || origin === "int" || origin === "bigint")
        return { key: iss.inclusive === false ? "validation.numberAbove" : "validation.numberMin", params: { min } };
      return { key: "validation.invalid" };
    }
    case "too_big": {
      const max = Number(iss.maximum);
      const origin = String(iss.origin);
      if (origin === "string") return { key: "validation.tooLong", params: { max } };
      if (origin === "array" || origin === "set") return { key: "validation.tooManyItems", params: { max } };
      if (origin === "number" || origin === "int" || origin === "bigint")
        return { key: iss.inclusive === false ? "validation.numberBelow" : "validation.numberMax", params: { max } };
      if (origin === "file") return { key: "validation.fileTooLarge", params: { max } };
      return { key: "validation.invalid" };
    }
    case "invalid_format": {
      const format = String(iss.format);
      if (format === "email") return { key: "validation.email" };
      if (format === "url") return { key: "validation.url" };
      // A pattern's own English hint ("Letters, digits, . _ -") cannot be read in Chinese: the
      // catalog's words, in the reader's language, name what is wrong.
      return { key: "validation.format" };
    }
    case "invalid_value": {
      const values = (iss.values as unknown[] | undefined) ?? [];
      return { key: "validation.oneOf", params: { values: values.map(String).join(", ") } };
    }
    case "not_multiple_of":
      return { key: "validation.multipleOf", params: { divisor: Number(iss.divisor) } };
    case "invalid_key":
      return { key: "validation.invalidKey", params: { name: String(i.path[i.path.length - 1] ?? "") } };
    case "invalid_union":
    case "invalid_element":
      return custom ? null : { key: "validation.invalid" };
    default:
      return custom ? null : { key: "validation.invalid" };
  }
}

/** One issue as an English sentence naming its path (for reports that list refused keys). */
export function issueText(i: z.core.$ZodIssue, input: unknown, path = pathText(i.path)): string {
  const m = issueMessage(i, input);
  return m ? en(m.key, { ...m.params, field: path }) : i.message;
}

function detailFor(i: z.core.$ZodIssue, input: unknown): ErrorDetail {
  const path = pathText(i.path);
  const m = issueMessage(i, input);
  if (!m) return { path, message: i.message };
  return { path, message: en(m.key, { ...m.params, field: fieldLabel("en", path) }), key: m.key, ...(m.params ? { params: m.params } : {}) };
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const unknown = new Set(unknownFields(schema, input));
  const r = schema.safeParse(input);
  if (r.success && unknown.size === 0) return r.data;
  const invalid: ErrorDetail[] = [];
  for (const i of r.success ? [] : r.error.issues) {
    // A `.strict()` schema reports unknown keys itself: one detail per field, once.
    if (i.code === "unrecognized_keys") for (const k of i.keys) unknown.add(pathText([...i.path, k]));
    else invalid.push(detailFor(i, input));
  }
  // One message per problem: an empty field is "required", not also every rule its value breaks.
  const required = new Set(invalid.filter((d) => d.key === "validation.required").map((d) => d.path));
  for (let n = invalid.length - 1; n >= 0; n--) if (required.has(invalid[n].path) && invalid[n].key !== "validation.required") invalid.splice(n, 1);
  const unknownPaths = [...unknown];
  const details = [
    ...invalid,
    ...unknownPaths.map((path) => ({ path, message: en(VALIDATION_MESSAGES.unknownField, { field: path }), key: VALIDATION_MESSAGES.unknownField })),
  ];
  // The summary names each field once, by label; unknown fields by their raw name (no label).
  const invalidPaths = [...new Set(invalid.map((d) => d.path))];
  const i18n = invalidPaths.length
    ? { key: unknownPaths.length ? "validation.checkAndUnknown" : VALIDATION_MESSAGES.check, paths: invalidPaths, params: {} }
    : { key: VALIDATION_MESSAGES.unknown, params: { unknown: unknownPaths.join(", "), count: unknownPaths.length } };
  const message = en(i18n.key, {
    ...i18n.params,
    unknown: unknownPaths.join(", "),
    count: unknownPaths.length,
    fields: invalidPaths.map((p) => fieldLabel("en", p)).join(", "),
  });
  throw new AppError("VALIDATION", message, details, {
    i18n: { ...i18n, params: { ...i18n.params, unknown: unknownPaths.join(", "), count: unknownPaths.length } },
  });
}

export const id = z.string().min(1).max(64);
export const name = z.string().trim().min(1).max(80);
export const slug = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "validation.slug");
export const email = z.string().trim().toLowerCase().email().max(200);
export const password = z.string().min(8).max(200);

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
