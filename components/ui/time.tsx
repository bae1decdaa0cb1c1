"use client";
// One way to show times everywhere: in the user's locale and time zone (lib/i18n/request.ts), the
// full date and zone in the tooltip so an operator can match it to a log; relative ("3 分钟前")
// where recency is what matters. The first render uses the server's `now` (no hydration mismatch).
import { useFormatter, useLocale, useNow, useTimeZone, useTranslations } from "next-intl";

export interface TimeProps {
  value: string | Date | null | undefined;
  /** "3 minutes ago" (live), with the absolute time in the tooltip. */
  relative?: boolean;
  seconds?: boolean;
  className?: string;
}

const MINUTES = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
const WITH_SECONDS = { ...MINUTES, second: "2-digit" } as const;
const FULL = { ...WITH_SECONDS, timeZoneName: "short" } as const;
const VARIANTS = { MINUTES, WITH_SECONDS, FULL } as const;

// One Intl.DateTimeFormat per locale, time zone and variant, made once per process (browser tab):
// the formatter's own cache serialized its arguments to JSON on every call, twice per time shown,
// and a service page shows dozens (issue 20).
const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, timeZone: string | undefined, variant: keyof typeof VARIANTS): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ""}|${variant}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, { ...VARIANTS[variant], ...(timeZone ? { timeZone } : {}) })));
  return f;
}

export function Time({ value, relative = false, seconds = false, className }: TimeProps) {
  const locale = useLocale();
  const timeZone = useTimeZone();
  const d = !value ? null : typeof value === "string" ? new Date(value) : value;
  if (!d || Number.isNaN(d.getTime())) return <Never className={className} />;
  const full = dateFormat(locale, timeZone, "FULL").format(d);
  return (
    <time dateTime={d.toISOString()} title={full} className={className}>
      {relative ? <Relative value={d} /> : dateFormat(locale, timeZone, seconds ? "WITH_SECONDS" : "MINUTES").format(d)}
    </time>
  );
}

// The translator and the live clock are hooks of their own components: a table of absolute times
// (the common case) makes neither.
function Never({ className }: { className?: string }) {
  const t = useTranslations("common");
  return <span className={className}>{t("never")}</span>;
}

function Relative({ value }: { value: Date }) {
  const f = useFormatter();
  const now = useNow({ updateInterval: 30_000 });
  return f.relativeTime(value, now);
}
