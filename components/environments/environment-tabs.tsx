"use client";
// The environment page's tabs (issue 11 item 7). Each tab is a link (?tab=…), so a reload, a
// bookmark or a shared link opens the same tab, and the server renders only the active tab's data.
// Keyboard: the WAI-ARIA tabs pattern with manual activation — one tab stop (the active tab),
// ←/→ (and Home/End) move focus between tabs, Enter or Space opens the focused one.
import Link from "next/link";
import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { cn, focusRing } from "@/components/ui";

export interface TabItem {
  id: string;
  label: string;
  href: string;
}

export const tabId = (id: string) => `env-tab-${id}`;
export const panelId = (id: string) => `env-panel-${id}`;

export function EnvironmentTabs({ tabs, active, label }: { tabs: TabItem[]; active: string; label: string }) {
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const onKeyDown = (e: KeyboardEvent<HTMLAnchorElement>, i: number) => {
    const last = tabs.length - 1;
    const next =
      e.key === "ArrowRight" ? (i === last ? 0 : i + 1) : e.key === "ArrowLeft" ? (i === 0 ? last : i - 1) : e.key === "Home" ? 0 : e.key === "End" ? last : -1;
    if (next >= 0) {
      e.preventDefault();
      refs.current[next]?.focus();
    } else if (e.key === " ") {
      e.preventDefault();
      refs.current[i]?.click();
    }
  };
  return (
    <div role="tablist" aria-label={label} className="-mb-px flex gap-1 overflow-x-auto">
      {tabs.map((t, i) => {
        const selected = t.id === active;
        return (
          <Link
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            id={tabId(t.id)}
            role="tab"
            href={t.href}
            scroll={false}
            aria-selected={selected}
            aria-controls={selected ? panelId(t.id) : undefined}
            tabIndex={selected ? 0 : -1}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={cn(
              "shrink-0 rounded-t-md border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
              focusRing,
              selected ? "border-blue-700 text-blue-800" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </div>
  );
}

/** The active tab's content, labelled by its tab. */
export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={panelId(id)} aria-labelledby={tabId(id)} tabIndex={0} className="space-y-6 focus:outline-none">
      {children}
    </div>
  );
}
