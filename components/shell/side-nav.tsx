"use client";
// Client only for aria-current: the active item follows the URL without a server round trip.
import type { ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { cn, focusRing } from "@/components/ui";
import { ObserveNav } from "@/components/observe/observe-nav";
import { activeHref } from "./nav-section";

interface Item {
  href: string;
  label: string;
}

const MAIN: Item[] = [
  { href: "/", label: "dashboard" },
  { href: "/environments", label: "environments" },
  { href: "/apps", label: "apps" },
  { href: "/images", label: "images" },
  { href: "/templates", label: "templates" },
  { href: "/marketplace", label: "marketplace" },
];
const SETTINGS: Item[] = [
  { href: "/profile", label: "profile" },
  { href: "/settings/tokens", label: "tokens" },
  { href: "/settings/preferences", label: "preferences" },
];
const ADMIN: Item[] = [
  { href: "/admin/tenants", label: "tenants" },
  { href: "/admin/users", label: "users" },
  { href: "/admin/publish-requests", label: "publishRequests" },
  { href: "/admin/identity", label: "identity" },
  { href: "/admin/regions", label: "regions" },
  { href: "/admin/replication", label: "replication" },
  { href: "/admin/upstreams", label: "upstreams" },
];

function NavList({ items, current }: { items: Item[]; current: string | null }) {
  const t = useTranslations("nav");
  return (
    <ul className="space-y-0.5">
      {items.map((i) => {
        const active = i.href === current;
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
              {t(i.label as never)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <p className="mb-1 px-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase">{title}</p>
      {children}
    </div>
  );
}

export function SideNav({ showAudit, showAdmin }: { showAudit: boolean; showAdmin: boolean }) {
  const pathname = usePathname();
  const t = useTranslations("nav");
  // Audit is hidden from members and viewers: the use-case refuses them (owners and admins only).
  const main: Item[] = showAudit ? [...MAIN, { href: "/audit", label: "audit" }] : MAIN;
  // One item marked as current across the groups (the page's section, see nav-section.ts).
  const current = activeHref(
    pathname,
    [...main, ...SETTINGS, ...(showAdmin ? ADMIN : [])].map((i) => i.href),
  );
  return (
    <nav aria-label={t("main")} className="space-y-5">
      <NavList items={main} current={current} />
      <ObserveNav pathname={pathname} />
      <Group title={t("settings")}>
        <NavList items={SETTINGS} current={current} />
      </Group>
      {showAdmin && (
        <Group title={t("admin")}>
          <NavList items={ADMIN} current={current} />
        </Group>
      )}
    </nav>
  );
}
