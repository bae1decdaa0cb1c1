import { CurrentTenant } from "@/components/shell/current-tenant";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { getEnvironment } from "@/lib/environments";
import { getTenant } from "@/lib/tenants";
import { can } from "@/lib/policy";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { listHosts } from "@/lib/hosts";
import { listApps } from "@/lib/apps";
import { listPortLeases } from "@/lib/ports/list-ports";
import { ActionForm, ButtonLink, Card, ConfirmDialog, DescriptionList, HiddenFields, PageHeader, SubmitButton, Time } from "@/components/ui";
import { EnvironmentFields } from "@/components/environments/environment-fields";
import { HostsTable } from "@/components/hosts/hosts-table";
import { AddHostDialog } from "@/components/hosts/add-host-dialog";
import { RegistrationCommandDialog } from "@/components/hosts/registration-command-dialog";
import { AppsTable } from "@/components/apps/apps-table";
import { PortLeasesTable } from "@/components/ports/port-leases-table";
import { HostStats } from "@/components/containers/host-stats";
import { PortalSecretsCard } from "@/components/secrets/portal-secrets-card";
import { listPortalSecrets } from "@/lib/secrets";
import {
  addHostAction,
  deleteEnvironmentAction,
  deletePortalSecretAction,
  removeHostAction,
  setHostAvailabilityAction,
  savePortalSecretAction,
  updateEnvironmentAction,
} from "./actions";

export const generateMetadata = pageTitle("environment");

export default async function EnvironmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await pageActor();
  const t = await getTranslations("environment");
  const tq = await getTranslations("quota");
  const env = await orNotFound(getEnvironment({ actor, environmentId: id }));
  // A shared environment (issue 16) is seen as the caller's tenant; the platform manages it.
  const tenant = env.tenantId ? await orNotFound(getTenant({ actor, tenantId: env.tenantId })) : null;
  const scope = { tenantId: env.tenantId };
  const owner = env.shared ? { tenantId: null } : scope;
  const canUpdate = can(actor, env.shared ? "environment.shared.manage" : "environment.update", owner);
  const canDelete = can(actor, env.shared ? "environment.shared.manage" : "environment.delete", owner);
  const canManageHosts = can(actor, env.shared ? "environment.shared.manage" : "host.manage", owner);
  const canDeploy = can(actor, "app.deploy", scope);
  const [hosts, apps, ports, secrets, configs] = await Promise.all([
    listHosts({ actor, environmentId: env.id }),
    listApps({ actor, environmentId: env.id, query: { limit: 500 } }),
    listPortLeases({ actor, environmentId: env.id }),
    listPortalSecrets({ actor, environmentId: env.id, kind: "secret" }),
    listPortalSecrets({ actor, environmentId: env.id, kind: "config" }),
  ]);

  return (
    <>
      {tenant && <CurrentTenant id={tenant.id} />}
      <PageHeader
        eyebrow={
          <>
            {tenant ? (
              <Link href={`/tenants/${tenant.id}`} className="hover:underline">
                {tenant.name}
              </Link>
            ) : (
              tq("sharedEnvironment")
            )}{" "}
            / {t("eyebrow")}
          </>
        }
        title={env.name}
        description={env.description || undefined}
      />
      <div className="space-y-6">
        <Card title={t("overview")}>
          <DescriptionList
            items={[
              {
                label: t("portRange"),
                value: (
                  <span className="font-mono">
                    {env.portRange.from}–{env.portRange.to}
                  </span>
                ),
              },
              { label: t("publishMode"), value: <span className="font-mono">{env.publishMode}</span> },
              { label: t("endpointMode"), value: <span className="font-mono">{env.endpointMode}</span> },
              { label: t("defaultLimits"), value: t("defaultLimitsValue", { cpus: env.defaults.cpus, memoryMb: env.defaults.memoryMb }) },
              {
                label: t("bindAllowList"),
                value: env.bindAllowList.length ? <span className="font-mono text-xs">{env.bindAllowList.join(", ")}</span> : t("noBindPaths"),
              },
              { label: t("created"), value: <Time value={env.createdAt} /> },
            ]}
          />
        </Card>

        <Card
          title={t("hosts")}
          description={t("hostsDescription")}
          actions={
            canManageHosts ? (
              <div className="flex gap-2">
                <RegistrationCommandDialog environmentId={env.id} />
                <AddHostDialog environmentId={env.id} action={addHostAction} />
              </div>
            ) : undefined
          }
        >
          <HostsTable
            environmentId={env.id}
            initial={hosts.items}
            canManage={canManageHosts}
            removeAction={removeHostAction}
            availabilityAction={setHostAvailabilityAction}
            emptyHint={canManageHosts ? t("hostsEmptyOwner") : t("hostsEmptyOther")}
          />
        </Card>

        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          <Card
            title={t("apps")}
            description={t("appsDescription")}
            actions={
              canDeploy ? (
                <ButtonLink href={`/environments/${env.id}/apps/new`} variant="primary" size="sm">
                  {t("deployApp")}
                </ButtonLink>
              ) : undefined
            }
          >
            <AppsTable
              environmentId={env.id}
              initial={apps.items}
              emptyHint={canDeploy ? (hosts.items.length === 0 ? t("appsEmptyNoHost") : t("appsEmpty")) : t("appsEmptyViewer")}
            />
          </Card>
          <Card title={t("hostLoad")} description={t("hostLoadDescription")}>
            <HostStats environmentId={env.id} />
          </Card>
          <Card title={t("portLeases")} description={t("portLeasesDescription")}>
            <PortLeasesTable environmentId={env.id} initial={ports} />
          </Card>
        </div>

        <PortalSecretsCard
          environmentId={env.id}
          secrets={secrets.items}
          configs={configs.items}
          canManage={canDeploy}
          actions={{ save: savePortalSecretAction, remove: deletePortalSecretAction }}
        />

        {canUpdate && (
          <Card title={t("settings")} description={t("settingsDescription")}>
            <ActionForm action={updateEnvironmentAction} successMessage={t("saved")} resetOnSuccess={false} aria-label={t("editEnvironment")}>
              <HiddenFields values={{ environmentId: env.id }} />
              <EnvironmentFields env={env} showBindAllowList={actor.platformAdmin} />
              <div className="flex justify-end">
                <SubmitButton>{t("saveChanges")}</SubmitButton>
              </div>
            </ActionForm>
          </Card>
        )}

        {canDelete && (
          <Card title={t("deleteEnvironment")} className="border-red-200">
            <div className="flex flex-wrap items-center justify-between gap-4">
              <p className="max-w-prose text-sm text-zinc-700">
                {env.hostCount + env.appCount > 0 ? t("deleteBlocked", { apps: env.appCount, hosts: env.hostCount }) : t("deleteHelp")}
              </p>
              <ConfirmDialog
                triggerLabel={t("deleteEnvironment")}
                title={t("deleteTitle", { name: env.name })}
                description={t("cannotUndo")}
                confirmText={env.name}
                confirmLabel={t("deleteEnvironment")}
                action={deleteEnvironmentAction}
                values={{ environmentId: env.id }}
                successMessage={t("deleted", { name: env.name })}
                redirectTo={tenant ? `/tenants/${tenant.id}` : "/"}
              />
            </div>
          </Card>
        )}
      </div>
    </>
  );
}
