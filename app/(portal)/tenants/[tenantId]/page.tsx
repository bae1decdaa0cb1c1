import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { getTenant, listMembers } from "@/lib/tenants";
import { listEnvironments } from "@/lib/environments";
import { listRegions } from "@/lib/regions";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { ActionForm, Card, EmptyState, HiddenFields, PageHeader, RoleBadge, SubmitButton, TBody, Table, Td, Th, THead, Tr } from "@/components/ui";
import { EnvironmentFields } from "@/components/environments/environment-fields";
import { MembersSection } from "@/components/tenants/members-section";
import { QuotaCard } from "@/components/quotas/quota-card";
import { getQuota } from "@/lib/quotas";
import { Badge } from "@/components/ui";
import { addMemberAction, changeMemberRoleAction, createEnvironmentAction, removeMemberAction, revokeInvitationAction, setQuotaAction } from "./actions";

export const generateMetadata = pageTitle("tenant");

export default async function TenantPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const actor = await pageActor();
  const t = await getTranslations("tenant");
  const tq = await getTranslations("quota");
  const tr = await getTranslations("regions.environmentField");
  const tenant = await orNotFound(getTenant({ actor, tenantId }));
  const [envs, members, quota, regions] = await Promise.all([
    listEnvironments({ actor, query: { tenantId, limit: 500 } }),
    listMembers({ actor, tenantId }),
    getQuota({ actor, tenantId }),
    listRegions({ actor, query: { limit: 500 } }),
  ]);
  const canCreateEnv = can(actor, "environment.create", { tenantId });
  const canManageMembers = can(actor, "member.manage", { tenantId });

  return (
    <>
      <PageHeader
        eyebrow={t("eyebrow")}
        title={tenant.name}
        description={
          <>
            <span className="font-mono">{tenant.slug}</span> ·{" "}
            {tenant.role ? (
              <>
                {t("yourRole")} <RoleBadge role={tenant.role} />
              </>
            ) : (
              <>
                {t("youManageAs")} <RoleBadge role="admin" />
              </>
            )}
          </>
        }
      />
      <div className="space-y-6">
        <Card title={t("environments")} description={t("environmentsDescription")}>
          {envs.items.length === 0 ? (
            <EmptyState title={t("noEnvironments")}>{canCreateEnv ? t("noEnvironmentsOwner") : t("noEnvironmentsMember")}</EmptyState>
          ) : (
            <Table caption={t("environments")}>
              <THead>
                <Th>{t("colName")}</Th>
                <Th>{tr("region")}</Th>
                <Th>{t("colPorts")}</Th>
                <Th>{t("colPublishEndpoint")}</Th>
                <Th className="text-right">{t("colHosts")}</Th>
                <Th className="text-right">{t("colApps")}</Th>
              </THead>
              <TBody>
                {envs.items.map((e) => (
                  <Tr key={e.id}>
                    <Td>
                      <Link href={`/environments/${e.id}`} className="font-medium text-blue-800 hover:underline">
                        {e.name}
                      </Link>
                      {e.shared && (
                        <Badge tone="violet" className="ml-2">
                          {tq("sharedBadge")}
                        </Badge>
                      )}
                      {e.description && <p className="text-xs text-zinc-500">{e.description}</p>}
                    </Td>
                    <Td className="text-xs">{e.region.displayName}</Td>
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

        <QuotaCard quota={quota} canEdit={can(actor, "quota.manage")} canSeeUsage={can(actor, "usage.read", { tenantId })} action={setQuotaAction} />

        {canCreateEnv && (
          <Card title={t("createEnvironment")} description={t("createEnvironmentDescription")}>
            <ActionForm action={createEnvironmentAction} successMessage={t("environmentCreated")} aria-label={t("createEnvironment")}>
              <HiddenFields values={{ tenantId }} />
              <EnvironmentFields regions={regions.items} />
              <div className="flex justify-end">
                <SubmitButton>{t("createEnvironment")}</SubmitButton>
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
