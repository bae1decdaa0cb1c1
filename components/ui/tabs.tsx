"use client";
// Tabs on Radix Tabs, WAI-ARIA pattern with manual activation: one tab stop (the active tab),
// ←/→, Home/End move focus, Enter or Space opens the focused tab. Only the active panel is mounted
// (leaving a terminal tab closes its socket). A tab with `href` is a real link (open in a new
// browser tab, copy the address); a plain click is left to the Root's onValueChange, which
// navigates, so the page does not navigate twice.
import * as T from "@radix-ui/react-tabs";
import type { KeyboardEvent, MouseEvent, ReactNode } from "react";
import { cn, focusRing } from "./cn";

export function Tabs({ className, ...rest }: Omit<T.TabsProps, "activationMode">) {
  return <T.Root activationMode="manual" className={className} {...rest} />;
}

export function TabList({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <T.List
      aria-label={label}
      loop
      // Space opens the focused tab (Radix) but would also scroll the page.
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === " " && (e.target as HTMLElement).getAttribute("role") === "tab") e.preventDefault();
      }}
      className={cn("-mb-px flex gap-1 overflow-x-auto", className)}
    >
      {children}
    </T.List>
  );
}

const tabClass = cn(
  "shrink-0 rounded-t-md border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
  focusRing,
  "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
  "data-[state=active]:border-blue-700 data-[state=active]:text-blue-800",
);

export function Tab({ value, href, children }: { value: string; href?: string; children: ReactNode }) {
  if (!href)
    return (
      <T.Trigger value={value} className={tabClass}>
        {children}
      </T.Trigger>
    );
  const plainClick = (e: MouseEvent) => e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;
  return (
    <T.Trigger value={value} asChild>
      <a href={href} className={tabClass} onClick={(e) => plainClick(e) && e.preventDefault()}>
        {children}
      </a>
    </T.Trigger>
  );
}

export function TabPanel({ value, className, children }: { value: string; className?: string; children: ReactNode }) {
  return (
    <T.Content value={value} className={cn("focus:outline-none", className)}>
      {children}
    </T.Content>
  );
}
