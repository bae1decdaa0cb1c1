"use client";
// A disclosure (button + list of links), not a <select>: changing a select with the arrow keys
// would navigate on every keystroke. Each tenant is a real link.
import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn, focusRing } from "@/components/ui";
import { useCurrentTenantId } from "./current-tenant";

export interface SwitcherTenant {
  id: string;
  name: string;
  role?: string;
}

export function TenantSwitcher({ tenants, others }: { tenants: SwitcherTenant[]; others: SwitcherTenant[] }) {
  const t = useTranslations("shell");
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pageTenant = useCurrentTenantId();
  const currentId = pathname.match(/^\/tenants\/([^/]+)/)?.[1] ?? pageTenant ?? undefined;
  const current = [...tenants, ...others].find((t) => t.id === currentId);

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const item = (x: SwitcherTenant) => (
    <li key={x.id}>
      <Link
        href={`/tenants/${x.id}`}
        aria-current={x.id === currentId ? "page" : undefined}
        className={cn("flex items-center justify-between gap-3 px-3 py-2 text-sm hover:bg-zinc-100", x.id === currentId && "font-semibold", focusRing)}
      >
        <span className="truncate">{x.name}</span>
        {x.role && <span className="text-xs text-zinc-500">{t.has(`roles.${x.role}` as never) ? t(`roles.${x.role}` as never) : x.role}</span>}
      </Link>
    </li>
  );

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          "flex h-8 max-w-56 items-center gap-2 rounded-md border border-zinc-600 bg-zinc-800 px-3 text-sm text-zinc-100 hover:bg-zinc-700",
          focusRing,
        )}
      >
        <span className="text-zinc-400">{t("tenantLabel")}</span>
        <span className="truncate">{current?.name ?? t("chooseTenant")}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div id={listId} className="absolute left-0 z-40 mt-1 w-72 overflow-hidden rounded-md border border-zinc-200 bg-white py-1 text-zinc-900 shadow-lg">
          {tenants.length === 0 && others.length === 0 && <p className="px-3 py-2 text-sm text-zinc-600">{t("noTenants")}</p>}
          {tenants.length > 0 && (
            <nav aria-label={t("yourTenants")}>
              <ul>{tenants.map(item)}</ul>
            </nav>
          )}
          {others.length > 0 && (
            <nav aria-label={t("otherTenants")} className="border-t border-zinc-100">
              <p className="px-3 pt-2 pb-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">{t("otherTenantsAdmin")}</p>
              <ul>{others.map(item)}</ul>
            </nav>
          )}
        </div>
      )}
    </div>
  );
}
