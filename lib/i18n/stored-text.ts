// Stored texts (service events, job progress, compose warnings) in the reader's language: the
// catalog message their `messageKey` names, else the English `message` they were stored with (rows
// written before keys existed). The REST transport adds `localizedMessage` to every stored text of
// an answer (lib/http/api-route.ts); pages translate on the client (components/live/use-stored-text.ts).
import type { MessageParams, StoredText } from "@/lib/errors";
import type { AppLocale } from "./config";
import { hasMessage, translator } from "./translate";

function resolve(locale: AppLocale, params: MessageParams | undefined): MessageParams {
  const t = translator(locale);
  const out: MessageParams = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = typeof v === "string" && v.startsWith("@") && hasMessage(locale, v.slice(1)) ? t(v.slice(1)) : v;
  return out;
}

/** The text in `locale`: its catalog message when it has one, else the English it was stored with. */
export function localizeStoredText(locale: AppLocale, text: StoredText): string {
  if (!text.messageKey || !hasMessage(locale, text.messageKey)) return text.message;
  return translator(locale)(text.messageKey, resolve(locale, text.messageParams));
}

const isStoredText = (v: Record<string, unknown>): v is Record<string, unknown> & StoredText =>
  typeof v.message === "string" && typeof v.messageKey === "string";

/** A copy of a JSON answer where every stored text with a key also carries `localizedMessage`. */
export function withLocalizedTexts<T>(locale: AppLocale, value: T, depth = 0): T {
  if (depth > 12 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withLocalizedTexts(locale, v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withLocalizedTexts(locale, v, depth + 1);
  if (isStoredText(out)) out.localizedMessage = localizeStoredText(locale, out);
  return out as T;
}
