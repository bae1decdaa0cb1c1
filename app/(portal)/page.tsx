import type { Metadata } from "next";
import Link from "next/link";
import { listTenants, listMembers } from "@/lib/tenants";
import { listEnvironments } from "@/lib/environments";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, EmptyState, PageHeader, RoleBadge } from "@/components/ui";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const actor = await pageActor();
  const [tenants, envs] = await Promise.all([listTenants({ actor, query: { limit: 500 } }), listEnvironments({ actor, query: { limit: 500 } })]);
  const memberCounts = await Promise.all(tenants.items.map((t) => listMembers({ actor, tenantId: t.id }).then((r) => r.items.length)));

  const stats = new Map<string, { environments: number; hosts: number; apps: number }>();
  for (const e of envs.items) {
    const s = stats.get(e.tenantId) ?? { environments: 0, hosts: 0, apps: 0 };
    s.environments += 1;
    s.hosts += e.hostCount;
    s.apps += e.appCount;
    stats.set(e.tenantId, s);
  }

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={actor.platformAdmin ? "Every tenant on the platform." : "The tenants you belong to."}
        actions={actor.platformAdmin && tenants.items.length > 0 ? <ButtonLink href="/admin/tenants">Manage tenants</ButtonLink> : undefined}
      />
      {tenants.items.length === 0 ? (
        actor.platformAdmin ? (
          <EmptyState title="No tenants yet" action={<ButtonLink href="/admin/tenants" variant="primary">Create a tenant</ButtonLink>}>
            A tenant is a department or team: it owns environments, hosts and apps. Create the first one and give it an owner.
          </EmptyState>
        ) : (
          <EmptyState title="You are not a member of any tenant yet">
            Ask a tenant owner to add <strong>{actor.email}</strong> to their tenant. Once added, the tenant appears here.
          </EmptyState>
        )
      ) : (
        <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Tenants">
          {tenants.items.map((t, i) => {
            const s = stats.get(t.id) ?? { environments: 0, hosts: 0, apps: 0 };
            return (
              <li key={t.id} className="rounded-lg border border-zinc-200 bg-white p-5 shadow-xs">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <h2 className="truncate text-base font-semibold">
                      <Link href={`/tenants/${t.id}`} className="hover:underline">
                        {t.name}
                      </Link>
                    </h2>
                    <p className="font-mono text-xs text-zinc-500">{t.slug}</p>
                  </div>
                  {t.role ? <RoleBadge role={t.role} /> : <RoleBadge role="admin" />}
                </div>
                <dl className="mt-4 grid grid-cols-4 gap-2 text-center">
                  {[
                    ["Environments", s.environments],
                    ["Hosts", s.hosts],
                    ["Apps", s.apps],
                    ["Members", memberCounts[i]],
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
      )}
    </>
  );
}
