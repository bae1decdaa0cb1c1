"use client";
// The side navigation's observability group (issue 19): dashboards and alerts.
import Link from "next/link";
import { useTranslations } from "next-intl";
import { cn, focusRing } from "@/components/ui";

const ITEMS = [
  { href: "/dashboards", label: "dashboards" },
  { href: "/alerts", label: "alerts" },
] as const;

export function ObserveNav({ pathname }: { pathname: string }) {
  const t = useTranslations("observe.nav");
  return (
    <div>
      <p className="mb-1 px-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{t("title")}</p>
      <ul className="space-y-0.5">
        {ITEMS.map((i) => {
          const active = pathname === i.href || pathname.startsWith(i.href + "/");
          return (
            <li key={i.href}>
              <Link
                href={i.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-1.5 text-sm",
                  active ? "bg-zinc-200/70 font-medium text-zinc-900" : "text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900",
                  focusRing,
                )}
              >
                {t(i.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
