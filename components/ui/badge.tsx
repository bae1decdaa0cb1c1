import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { cn } from "./cn";

export type BadgeTone = "neutral" | "blue" | "violet" | "green" | "amber" | "red";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300",
  blue: "bg-blue-50 text-blue-800 ring-blue-200",
  violet: "bg-violet-50 text-violet-800 ring-violet-200",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  amber: "bg-amber-50 text-amber-900 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
};

export function Badge({ tone = "neutral", children, className }: { tone?: BadgeTone; children: ReactNode; className?: string }) {
  return (
    <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", TONES[tone], className)}>{children}</span>
  );
}

// One color per meaning, everywhere: roles and results look the same on every page.
const ROLE_TONES: Record<string, BadgeTone> = { owner: "violet", member: "blue", viewer: "neutral", admin: "amber" };
const RESULT_TONES: Record<string, BadgeTone> = { ok: "green", denied: "amber", error: "red", disabled: "red", active: "green" };

export function RoleBadge({ role }: { role: string }) {
  const t = useTranslations("roles");
  return <Badge tone={ROLE_TONES[role] ?? "neutral"}>{t.has(role as never) ? t(role as never) : role}</Badge>;
}

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations("states");
  return <Badge tone={RESULT_TONES[status] ?? "neutral"}>{t.has(status as never) ? t(status as never) : status}</Badge>;
}
