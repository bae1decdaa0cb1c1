// Translation outside React (REST answers, server-action results): the same catalogs as the pages.
import { createTranslator } from "next-intl";
import { CATALOGS } from "./catalogs";
import { missingMessage, type AppLocale } from "./config";

export type Translate = (key: string, params?: Record<string, string | number>) => string;

const cache = new Map<AppLocale, Translate>();

/** A translator over the whole catalog: `t("errors.NOT_FOUND", { what })`. */
export function translator(locale: AppLocale): Translate {
  let t = cache.get(locale);
  if (!t) {
    const base = createTranslator({ locale, messages: CATALOGS[locale], getMessageFallback: missingMessage, onError: () => {} });
    t = (key, params) => (base as unknown as (k: string, p?: Record<string, string | number>) => string)(key, params);
    cache.set(locale, t);
  }
  return t;
}

/** Whether the catalog of `locale` has `key` (dot path to a string). */
export function hasMessage(locale: AppLocale, key: string): boolean {
  let node: unknown = CATALOGS[locale];
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string";
}
