"use client";
// A stored text (service event, job progress, compose warning) in the reader's language: its
// catalog message (messageKey + messageParams, "@key" parameters naming catalog entries as the API
// resolves them), else the English text it was stored with (rows older than the keys).
import { useTranslations } from "next-intl";
import type { StoredText } from "@/lib/errors";

export function useStoredText(): (text: StoredText) => string {
  const t = useTranslations();
  return (text) => {
    if (!text.messageKey || !t.has(text.messageKey as never)) return text.message;
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(text.messageParams ?? {}))
      params[k] = typeof v === "string" && v.startsWith("@") && t.has(v.slice(1) as never) ? t(v.slice(1) as never) : v;
    return t(text.messageKey as never, params as never);
  };
}
