import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { listEnvironments } from "@/lib/environments";
import { listTenants } from "@/lib/tenants";
import { listRegions } from "@/lib/regions";
import { can } from "@/lib/policy";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";

export const generateMetadata = pageTitle("environments");

export default async function EnvironmentsPage() {
  const actor = await pageActor();
  const t = await getTranslations("environments");
  const tr = await getTranslations("regions.environmentList");
  const [envs, tenants] = await Promise.all([listEnvironments({ actor, query: { limit: 500 } }), listTenants({ actor, query: { limit: 500 } })]);
  const byTenant = tenants.items.map((t) => ({ tenant: t, envs: envs.items.filter((e) => e.tenantId === t.id) })).filter((g) => g.envs.length > 0);
  // Issue 17: a heading per region (in the order of the regions list: the default first), then the tenants.
  const regions = await listRegions({ actor, query: { limit: 500 } });
  const byRegion = regions.items
    .map((region) => ({
      region,
      groups: byTenant.map((g) => ({ tenant: g.tenant, envs: g.envs.filter((e) => e.region.id === region.id) })).filter((g) => g.envs.length > 0),
    }))
    .filter((r) => r.groups.length > 0);
  const creatable = tenants.items.filter((t) => can(actor, "environment.create", { tenantId: t.id }));

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {byTenant.length === 0 ? (
        <EmptyState
          title={t("emptyTitle")}
          action={
            creatable[0] ? (
              <ButtonLink href={`/tenants/${creatable[0].id}`} variant="primary">
                {t("openTenantToCreate", { tenant: creatable[0].name })}
              </ButtonLink>
            ) : undefined
          }
        >
          {creatable.length > 0 ? t("emptyOwner") : tenants.items.length > 0 ? t("emptyMember") : t("emptyNoTenant")}
        </EmptyState>
      ) : (
        <div className="space-y-8">
          {byRegion.map(({ region, groups }) => (
            <section key={region.id} aria-labelledby={`region-${region.id}`} className="space-y-4" data-testid="region-group">
              <div className="flex items-baseline gap-3">
                <h2 id={`region-${region.id}`} className="text-lg font-semibold text-zinc-900">
                  {tr("regionHeading", { name: region.displayName })}
                </h2>
                <span className="text-sm text-zinc-500">{tr("regionCount", { count: groups.reduce((n, g) => n + g.envs.length, 0) })}</span>
              </div>
              {groups.map(({ tenant, envs: list }) => (
                <Card
                  key={tenant.id}
                  title={
                    <Link href={`/tenants/${tenant.id}`} className="hover:underline">
                      {tenant.name}
                    </Link>
                  }
                >
                  <Table caption={t("caption", { tenant: tenant.name })}>
                    <THead>
                      <Th>{t("colName")}</Th>
                      <Th>{t("colPorts")}</Th>
                      <Th className="text-right">{t("colHosts")}</Th>
                      <Th className="text-right">{t("colApps")}</Th>
                    </THead>
                    <TBody>
                      {list.map((e) => (
                        <Tr key={e.id}>
                          <Td>
                            <Link href={`/environments/${e.id}`} className="font-medium text-blue-800 hover:underline">
                              {e.name}
                            </Link>
                          </Td>
                          <Td className="font-mono text-xs">
                            {e.portRange.from}–{e.portRange.to}
                          </Td>
                          <Td className="text-right tabular-nums">{e.hostCount}</Td>
                          <Td className="text-right tabular-nums">{e.appCount}</Td>
                        </Tr>
                      ))}
                    </TBody>
                  </Table>
                </Card>
              ))}
            </section>
          ))}
        </div>
      )}
    </>
  );
}
