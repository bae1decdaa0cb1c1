// Locales of the portal and how one is chosen for a request (no locale in the URL): the user's
// setting, else the language cookie (set by the switcher before sign-in), else Accept-Language,
// else Chinese — the people who use this portal are departments of a Chinese company.
export const LOCALES = ["zh-CN", "en"] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = "zh-CN";

/** Cookie names: the language chosen in the switcher; the browser's own time zone. */
export const LOCALE_COOKIE = "caas-locale";
export const TIME_ZONE_COOKIE = "caas-tz";
/** When nothing says otherwise (first request before the browser reported its zone). */
export const DEFAULT_TIME_ZONE = "UTC";

export function isLocale(v: unknown): v is AppLocale {
  return typeof v === "string" && (LOCALES as readonly string[]).includes(v);
}

/** One supported locale for a language tag: zh, zh-CN, zh-Hans-… → zh-CN; en, en-GB … → en. */
export function matchLocale(tag: string): AppLocale | null {
  const t = tag.trim().toLowerCase();
  if (!t) return null;
  if (t === "zh" || t.startsWith("zh-")) return "zh-CN";
  if (t === "en" || t.startsWith("en-")) return "en";
  return null;
}

/** The best supported locale of an Accept-Language header (q-values honoured), or null. */
export function negotiateLocale(header: string | null | undefined): AppLocale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const r of ranked) {
    const m = matchLocale(r.tag);
    if (m) return m;
  }
  return null;
}

/** An IANA time zone the runtime knows (e.g. "Asia/Shanghai"). */
export function isTimeZone(v: unknown): v is string {
  if (typeof v !== "string" || v.length === 0 || v.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

export function pickLocale(sources: { user?: string | null; cookie?: string | null; acceptLanguage?: string | null }): AppLocale {
  if (isLocale(sources.user)) return sources.user;
  if (isLocale(sources.cookie)) return sources.cookie;
  return negotiateLocale(sources.acceptLanguage) ?? DEFAULT_LOCALE;
}

export function pickTimeZone(sources: { user?: string | null; cookie?: string | null }): string {
  if (isTimeZone(sources.user)) return sources.user;
  if (isTimeZone(sources.cookie)) return sources.cookie;
  return DEFAULT_TIME_ZONE;
}

/** What a missing catalog entry renders as: easy to find on a page (the e2e test looks for it). */
export const MISSING_MARK = "⟦missing⟧";
export function missingMessage({ namespace, key }: { namespace?: string; key: string }): string {
  return `${MISSING_MARK} ${namespace ? `${namespace}.` : ""}${key}`;
}
