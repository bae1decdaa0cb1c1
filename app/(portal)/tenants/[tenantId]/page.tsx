import type { Metadata } from "next";
import Link from "next/link";
import { getTenant, listMembers } from "@/lib/tenants";
import { listEnvironments } from "@/lib/environments";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Card, EmptyState, HiddenFields, PageHeader, RoleBadge, SubmitButton, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { EnvironmentFields } from "@/components/environments/environment-fields";
import { MembersSection } from "@/components/tenants/members-section";
import { addMemberAction, changeMemberRoleAction, createEnvironmentAction, removeMemberAction, revokeInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Tenant" };

export default async function TenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const actor = await pageActor();
  const tenant = await orNotFound(getTenant({ actor, tenantId }));
  const [envs, members] = await Promise.all([listEnvironments({ actor, query: { tenantId, limit: 500 } }), listMembers({ actor, tenantId })]);
  const canCreateEnv = can(actor, "environment.create", { tenantId });
  const canManageMembers = can(actor, "member.manage", { tenantId });

  return (
    <>
      <PageHeader
        eyebrow="Tenant"
        title={tenant.name}
        description={
          <>
            <span className="font-mono">{tenant.slug}</span> · {tenant.role ? <>your role: <RoleBadge role={tenant.role} /></> : <>you manage it as <RoleBadge role="admin" /></>}
          </>
        }
      />
      <div className="space-y-6">
        <Card title="Environments" description="Each environment is its own swarm: its own hosts, its own apps, no traffic between environments.">
          {envs.items.length === 0 ? (
            <EmptyState title="No environments yet">
              {canCreateEnv ? "Create the first environment below, then add hosts to it." : "An owner of this tenant creates environments; ask them to create one."}
            </EmptyState>
          ) : (
            <Table caption="Environments">
              <THead>
                <Th>Name</Th>
                <Th>Ports</Th>
                <Th>Publish / endpoint</Th>
                <Th className="text-right">Hosts</Th>
                <Th className="text-right">Apps</Th>
              </THead>
              <TBody>
                {envs.items.map((e) => (
                  <Tr key={e.id}>
                    <Td>
                      <Link href={`/environments/${e.id}`} className="font-medium text-blue-800 hover:underline">
                        {e.name}
                      </Link>
                      {e.description && <p className="text-xs text-zinc-500">{e.description}</p>}
                    </Td>
                    <Td className="font-mono text-xs">
                      {e.portRange.from}–{e.portRange.to}
                    </Td>
                    <Td className="text-xs">
                      {e.publishMode} / {e.endpointMode}
                    </Td>
                    <Td className="text-right tabular-nums">{e.hostCount}</Td>
                    <Td className="text-right tabular-nums">{e.appCount}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        {canCreateEnv && (
          <Card title="Create environment" description="Empty fields keep the platform defaults shown as placeholders.">
            <ActionForm action={createEnvironmentAction} successMessage="Environment created" aria-label="Create environment">
              <HiddenFields values={{ tenantId }} />
              <EnvironmentFields />
              <div className="flex justify-end">
                <SubmitButton>Create environment</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        )}

        <MembersSection
          tenantId={tenantId}
          members={members.items}
          invitations={members.invitations}
          canManage={canManageMembers}
          actions={{ add: addMemberAction, changeRole: changeMemberRoleAction, remove: removeMemberAction, revokeInvitation: revokeInvitationAction }}
        />
      </div>
    </>
  );
}
