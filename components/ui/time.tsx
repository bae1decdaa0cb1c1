"use client";
// One way to show times everywhere: in the user's locale and time zone (lib/i18n/request.ts), the
// full date and zone in the tooltip so an operator can match it to a log; relative ("3 分钟前")
// where recency is what matters. The first render uses the server's `now` (no hydration mismatch).
import { useFormatter, useNow, useTranslations } from "next-intl";

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

export function Time({ value, relative = false, seconds = false, className }: TimeProps) {
  const f = useFormatter();
  const t = useTranslations("common");
  const now = useNow(relative ? { updateInterval: 30_000 } : undefined);
  if (!value) return <span className={className}>{t("never")}</span>;
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return <span className={className}>{t("never")}</span>;
  const full = f.dateTime(d, FULL);
  const shown = relative ? f.relativeTime(d, now) : f.dateTime(d, seconds ? WITH_SECONDS : MINUTES);
  return (
    <time dateTime={d.toISOString()} title={full} className={className}>
      {shown}
    </time>
  );
}
