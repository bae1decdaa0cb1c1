// The signed-in shell: top bar (product, tenant switcher, user, sign out), side navigation and
// the main region. Every page below it also resolves the actor itself (pages render in parallel
// with layouts); pageActor() is cached per request, so that costs one lookup.
import type { ReactNode } from "react";
import Link from "next/link";
import { getMe } from "@/lib/users";
import { listTenants } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { pageActor } from "@/app/_lib/page-actor";
import { SideNav } from "@/components/shell/side-nav";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { TenantSwitcher } from "@/components/shell/tenant-switcher";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { CurrentTenantProvider } from "@/components/shell/current-tenant";
import { getTranslations } from "next-intl/server";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await pageActor();
  const me = await getMe({ actor });
  const mine = me.memberships.map((m) => ({ id: m.tenantId, name: m.tenantName, role: m.role }));
  // Admins reach every tenant; list the ones they are not a member of separately.
  const others = actor.platformAdmin
    ? (await listTenants({ actor, query: { limit: 500 } })).items.filter((t) => !actor.roles.has(t.id)).map((t) => ({ id: t.id, name: t.name }))
    : [];
  const showAudit = actor.platformAdmin || me.memberships.some((m) => can(actor, "audit.read", { tenantId: m.tenantId }));
  const t = await getTranslations("shell");

  return (
    <CurrentTenantProvider>
      <div className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-zinc-900 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          {t("skipToContent")}
        </a>
        <header className="flex h-14 shrink-0 items-center gap-4 bg-zinc-900 px-4 text-zinc-100">
          <Link href="/" className="text-base font-semibold tracking-tight text-white">
            {t("product")}
          </Link>
          <TenantSwitcher tenants={mine} others={others} />
          <div className="ml-auto flex items-center gap-3">
            <LocaleSwitcher signedIn />
            <span className="hidden text-sm text-zinc-300 sm:inline" title={me.name}>
              {me.email}
              {me.platformAdmin && <span className="ml-2 rounded bg-amber-500/20 px-1.5 py-0.5 text-xs text-amber-200">{t("admin")}</span>}
            </span>
            <SignOutButton />
          </div>
        </header>
        <div className="flex flex-1 flex-col md:flex-row">
          <aside className="shrink-0 border-b border-zinc-200 bg-white px-3 py-4 md:w-56 md:border-r md:border-b-0">
            <SideNav showAudit={showAudit} showAdmin={actor.platformAdmin} />
          </aside>
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none md:px-8">
            <div className="mx-auto max-w-6xl">{children}</div>
          </main>
        </div>
      </div>
    </CurrentTenantProvider>
  );
}
