import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { listApps } from "@/lib/apps";
import { listEnvironments } from "@/lib/environments";
import { listTenants } from "@/lib/tenants";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { StateBadge } from "@/components/live/state-badge";
import { replicaTotals } from "@/components/apps/replica-totals";

export const generateMetadata = pageTitle("apps");

/** Apps per page: a few hundred rows cost the server render more than every query behind them. */
const PAGE_SIZE = 100;

export default async function AppsPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  const actor = await pageActor();
  const tr = await getTranslations("apps");
  const { cursor: raw } = await searchParams;
  const cursor = typeof raw === "string" && raw ? raw : undefined;
  const [apps, envs, tenants] = await Promise.all([
    listApps({ actor, query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } }),
    listEnvironments({ actor, query: { limit: 500 } }),
    listTenants({ actor, query: { limit: 500 } }),
  ]);
  const tenantName = new Map(tenants.items.map((t) => [t.id, t.name]));
  const groups = envs.items.map((env) => ({ env, apps: apps.items.filter((a) => a.environmentId === env.id) })).filter((g) => g.apps.length > 0);

  return (
    <>
      <PageHeader title={tr("title")} description={tr("description")} />
      {groups.length === 0 ? (
        <EmptyState
          title={tr("emptyTitle")}
          action={
            <ButtonLink href="/environments" variant="primary">
              {tr("chooseEnvironment")}
            </ButtonLink>
          }
        >
          {tr("emptyBody")}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {groups.map(({ env, apps: list }) => (
            <Card
              key={env.id}
              title={
                <Link href={`/environments/${env.id}`} className="hover:underline">
                  {env.name}
                </Link>
              }
              description={env.tenantId ? tenantName.get(env.tenantId) : undefined}
            >
              <Table caption={tr("caption", { environment: env.name })}>
                <THead>
                  <Th>{tr("colName")}</Th>
                  <Th>{tr("colStatus")}</Th>
                  <Th className="text-right">{tr("colRevision")}</Th>
                  <Th className="text-right">{tr("colReplicas")}</Th>
                  <Th>{tr("colServices")}</Th>
                </THead>
                <TBody>
                  {list.map((a) => {
                    const t = replicaTotals(a);
                    return (
                      <Tr key={a.id}>
                        <Td>
                          <Link href={`/apps/${a.id}`} className="font-medium text-blue-800 hover:underline">
                            {a.name}
                          </Link>
                        </Td>
                        <Td>
                          <StateBadge state={a.status} />
                        </Td>
                        <Td className="text-right tabular-nums">{a.revision ?? "—"}</Td>
                        <Td className="text-right font-mono text-xs tabular-nums">
                          {t.running}/{t.desired}
                        </Td>
                        <Td className="text-xs text-zinc-600">{a.services.map((s) => s.name).join(", ") || "—"}</Td>
                      </Tr>
                    );
                  })}
                </TBody>
              </Table>
            </Card>
          ))}
        </div>
      )}
      {(cursor || apps.nextCursor) && (
        <nav className="mt-6 flex justify-between text-sm" aria-label={tr("title")}>
          {cursor ? (
            <Link href="/apps" className="text-blue-800 hover:underline">
              {tr("firstPage")}
            </Link>
          ) : (
            <span />
          )}
          {apps.nextCursor && (
            <Link href={`/apps?cursor=${encodeURIComponent(apps.nextCursor)}`} className="text-blue-800 hover:underline">
              {tr("nextPage", { count: PAGE_SIZE })}
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
