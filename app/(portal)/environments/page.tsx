import type { Metadata } from "next";
import Link from "next/link";
import { listEnvironments } from "@/lib/environments";
import { listTenants } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { pageActor } from "@/app/_lib/page-actor";
import { ButtonLink, Card, EmptyState, PageHeader, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";

export const metadata: Metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const actor = await pageActor();
  const [envs, tenants] = await Promise.all([listEnvironments({ actor, query: { limit: 500 } }), listTenants({ actor, query: { limit: 500 } })]);
  const byTenant = tenants.items
    .map((t) => ({ tenant: t, envs: envs.items.filter((e) => e.tenantId === t.id) }))
    .filter((g) => g.envs.length > 0);
  const creatable = tenants.items.filter((t) => can(actor, "environment.create", { tenantId: t.id }));

  return (
    <>
      <PageHeader title="Environments" description="Every environment you can see, grouped by tenant. An environment is one swarm with its own hosts and apps." />
      {byTenant.length === 0 ? (
        <EmptyState
          title="No environments yet"
          action={creatable[0] ? <ButtonLink href={`/tenants/${creatable[0].id}`} variant="primary">Open {creatable[0].name} to create one</ButtonLink> : undefined}
        >
          {creatable.length > 0
            ? "Tenant owners create environments from the tenant's page."
            : tenants.items.length > 0
              ? "Your tenants have no environments yet. A tenant owner creates them from the tenant's page."
              : "You are not a member of any tenant yet. Ask a tenant owner to add you."}
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {byTenant.map(({ tenant, envs: list }) => (
            <Card key={tenant.id} title={<Link href={`/tenants/${tenant.id}`} className="hover:underline">{tenant.name}</Link>}>
              <Table caption={`Environments of ${tenant.name}`}>
                <THead>
                  <Th>Name</Th>
                  <Th>Ports</Th>
                  <Th className="text-right">Hosts</Th>
                  <Th className="text-right">Apps</Th>
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
        </div>
      )}
    </>
  );
}
