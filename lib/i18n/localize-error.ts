// Puts an AppError in the caller's language for the transports (REST, server actions): catalog
// messages where the error names one (`i18n`, `details[].key`), English otherwise. Field paths are
// named by their labels (`fields.*`: "defaults.memoryMb" → "默认内存"), never shown raw when a label
// exists. `code`, `path`, `rule`, `params` stay machine-readable.
import type { AppError, ErrorDetail, MessageParams } from "@/lib/errors";
import type { AppLocale } from "./config";
import { hasMessage, translator, type Translate } from "./translate";

const segments = (path: string) => path.split(".").filter((p) => !/^\d+$/.test(p) && p !== "(body)" && p !== "");

/** Where field labels live: `fields` (core area) and `formFields` (labels of the later forms, i18nkeys area). */
const LABEL_NAMESPACES = ["fields", "formFields"];

function labelOf(locale: AppLocale, segs: string[]): string | null {
  if (!segs.length || segs.some((s) => !/^[A-Za-z0-9_]+$/.test(s))) return null;
  for (const ns of LABEL_NAMESPACES) {
    const key = `${ns}.${segs.join(".")}`;
    if (hasMessage(locale, key)) return translator(locale)(key);
    if (hasMessage(locale, `${key}._`)) return translator(locale)(`${key}._`);
  }
  return null;
}

/**
 * The label of a field path in `locale` ("defaults.memoryMb" → "默认内存"; indices do not change
 * what a field is called). Without a label for the whole path, the longest labelled prefix and the
 * rest as typed ("variables.BAD NAME" → "变量 BAD NAME"); the path itself when nothing is labelled.
 */
export function fieldLabel(locale: AppLocale, path: string): string {
  const segs = segments(path);
  for (let n = segs.length; n > 0; n--) {
    const label = labelOf(locale, segs.slice(0, n));
    if (label) return n === segs.length ? label : `${label} ${segs.slice(n).join(".")}`;
  }
  return path;
}

function resolveParams(t: Translate, locale: AppLocale, params: MessageParams | undefined, path?: string, paths?: string[]): MessageParams {
  const out: MessageParams = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = typeof v === "string" && v.startsWith("@") && hasMessage(locale, v.slice(1)) ? t(v.slice(1)) : v;
  if (path !== undefined) out.field = fieldLabel(locale, path);
  if (paths) out.fields = [...new Set(paths.map((p) => fieldLabel(locale, p)))].join(locale === "zh-CN" ? "、" : ", ");
  return out;
}

export function localizeDetail(locale: AppLocale, d: ErrorDetail): ErrorDetail {
  if (!d.key || !hasMessage(locale, d.key)) return d;
  const t = translator(locale);
  return { ...d, message: t(d.key, resolveParams(t, locale, d.params, d.path)) };
}

export function localizeError(locale: AppLocale, err: AppError): { message: string; details?: ErrorDetail[] } {
  const t = translator(locale);
  let message = err.message;
  if (err.i18n && hasMessage(locale, err.i18n.key)) message = t(err.i18n.key, resolveParams(t, locale, err.i18n.params, undefined, err.i18n.paths));
  return { message, ...(err.details ? { details: err.details.map((d) => localizeDetail(locale, d)) } : {}) };
}
