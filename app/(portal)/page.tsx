import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { listTenants, listMembers } from "@/lib/tenants";
import { listEnvironments } from "@/lib/environments";
import { getDashboard } from "@/lib/dashboard";
import { pageActor } from "@/app/_lib/page-actor";
import { DashboardLive } from "@/components/dashboard/dashboard-live";
import { ButtonLink, EmptyState, PageHeader, RoleBadge } from "@/components/ui";

export const generateMetadata = pageTitle("dashboard");

export default async function DashboardPage() {
  const actor = await pageActor();
  const t = await getTranslations("dashboard");
  const [tenants, envs, dashboard] = await Promise.all([
    listTenants({ actor, query: { limit: 500 } }),
    listEnvironments({ actor, query: { limit: 500 } }),
    getDashboard({ actor }),
  ]);
  const memberCounts = await Promise.all(tenants.items.map((t) => listMembers({ actor, tenantId: t.id }).then((r) => r.items.length)));

  const stats = new Map<string, { environments: number; hosts: number; apps: number }>();
  for (const e of envs.items) {
    if (!e.tenantId) continue; // an admin's view of a shared environment (issue 16)
    const s = stats.get(e.tenantId) ?? { environments: 0, hosts: 0, apps: 0 };
    s.environments += 1;
    s.hosts += e.hostCount;
    s.apps += e.appCount;
    stats.set(e.tenantId, s);
  }

  return (
    <>
      <PageHeader
        title={t("title")}
        description={actor.platformAdmin ? t("descriptionAdmin") : t("description")}
        actions={actor.platformAdmin && tenants.items.length > 0 ? <ButtonLink href="/admin/tenants">{t("manageTenants")}</ButtonLink> : undefined}
      />
      {tenants.items.length === 0 ? (
        actor.platformAdmin ? (
          <EmptyState
            title={t("noTenantsTitle")}
            action={
              <ButtonLink href="/admin/tenants" variant="primary">
                {t("createTenant")}
              </ButtonLink>
            }
          >
            {t("noTenantsBody")}
          </EmptyState>
        ) : (
          <EmptyState title={t("notMemberTitle")}>{t.rich("notMemberBody", { email: actor.email, strong: (c) => <strong>{c}</strong> })}</EmptyState>
        )
      ) : (
        <>
          <DashboardLive initial={dashboard} />
          <h2 className="mt-8 mb-3 text-lg font-semibold text-zinc-900">{t("tenants")}</h2>
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label={t("tenants")}>
            {tenants.items.map((tenant, i) => {
              const s = stats.get(tenant.id) ?? { environments: 0, hosts: 0, apps: 0 };
              return (
                <li key={tenant.id} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-xs">
                  <div className="flex items-start justify-between gap-2">
                    <div className="min-w-0">
                      <h2 className="truncate text-base font-semibold">
                        <Link href={`/tenants/${tenant.id}`} className="hover:underline">
                          {tenant.name}
                        </Link>
                      </h2>
                      <p className="font-mono text-xs text-zinc-500">{tenant.slug}</p>
                    </div>
                    {tenant.role ? <RoleBadge role={tenant.role} /> : <RoleBadge role="admin" />}
                  </div>
                  <dl className="mt-4 grid grid-cols-4 gap-2 text-center">
                    {[
                      [t("environments"), s.environments],
                      [t("hosts"), s.hosts],
                      [t("apps"), s.apps],
                      [t("members"), memberCounts[i]],
                    ].map(([label, n]) => (
                      // dt must come first in the markup; flex-col-reverse shows the number on top.
                      <div key={label} className="flex flex-col-reverse rounded-md bg-zinc-50 px-1 py-2">
                        <dt className="text-[11px] text-zinc-500">{label}</dt>
                        <dd className="text-lg font-semibold text-zinc-900">{n}</dd>
                      </div>
                    ))}
                  </dl>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
