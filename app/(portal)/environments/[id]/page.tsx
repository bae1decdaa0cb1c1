import { CurrentTenant } from "@/components/shell/current-tenant";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/metadata";
import { getEnvironment, type EnvironmentDto } from "@/lib/environments";
import { getTenant } from "@/lib/tenants";
import { can, type Actor } from "@/lib/policy";
import { toAppError } from "@/lib/errors";
import { localizeError } from "@/lib/i18n/localize-error";
import type { AppLocale } from "@/lib/i18n/config";
import { orNotFound, pageActor } from "@/app/_lib/page-actor";
import { listHosts } from "@/lib/hosts";
import { listApps } from "@/lib/apps";
import { listPortLeases } from "@/lib/ports/list-ports";
import { publicRegistryHost } from "@/lib/registry";
import { listEnvironmentNetworks, listEnvironmentVolumes } from "@/lib/resources";
import { ActionForm, ButtonLink, Card, ConfirmDialog, DescriptionList, HiddenFields, PageHeader, SubmitButton, Time } from "@/components/ui";
import { EnvironmentFields } from "@/components/environments/environment-fields";
import { EnvironmentTabs } from "@/components/environments/environment-tabs";
import { VolumesCard } from "@/components/environments/volumes-card";
import { NetworksCard } from "@/components/environments/networks-card";
import { ImagesCard } from "@/components/environments/images-card";
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
  pruneImagesAction,
  pruneNetworksAction,
  pruneVolumesAction,
  pullImageAction,
  removeHostAction,
  removeNetworkAction,
  removeVolumeAction,
  setHostAvailabilityAction,
  savePortalSecretAction,
  updateEnvironmentAction,
} from "./actions";

export const generateMetadata = pageTitle("environment");

const TABS = ["overview", "hosts", "apps", "resources", "settings", "danger"] as const;
type Tab = (typeof TABS)[number];

interface Rights {
  canUpdate: boolean;
  canDelete: boolean;
  canManageHosts: boolean;
  canDeploy: boolean;
  canRemoveResources: boolean;
}

export default async function EnvironmentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
}) {
  const { id } = await params;
  const { tab: rawTab } = await searchParams;
  const actor = await pageActor();
  const t = await getTranslations("environment");
  const tt = await getTranslations("environmentTabs");
  const tq = await getTranslations("quota");
  const env = await orNotFound(getEnvironment({ actor, environmentId: id }));
  // A shared environment (issue 16) is seen as the caller's tenant; the platform manages it.
  const tenant = env.tenantId ? await orNotFound(getTenant({ actor, tenantId: env.tenantId })) : null;
  const scope = { tenantId: env.tenantId };
  const owner = env.shared ? { tenantId: null } : scope;
  const rights: Rights = {
    canUpdate: can(actor, env.shared ? "environment.shared.manage" : "environment.update", owner),
    canDelete: can(actor, env.shared ? "environment.shared.manage" : "environment.delete", owner),
    canManageHosts: can(actor, env.shared ? "environment.shared.manage" : "host.manage", owner),
    canDeploy: can(actor, "app.deploy", scope),
    canRemoveResources: can(actor, env.tenantId ? "app.manage" : "environment.shared.manage", scope),
  };
  // Settings and the danger zone are tabs only for those who may use them.
  const visible = TABS.filter((x) => (x === "settings" ? rights.canUpdate : x === "danger" ? rights.canDelete : true));
  const wanted = typeof rawTab === "string" ? rawTab : undefined;
  const tab: Tab = visible.find((x) => x === wanted) ?? "overview";
  const href = (x: Tab) => (x === "overview" ? `/environments/${env.id}` : `/environments/${env.id}?tab=${x}`);

  return (
    <>
      {tenant && <CurrentTenant id={tenant.id} />}
      <EnvironmentTabs
        label={tt("label")}
        active={tab}
        tabs={visible.map((x) => ({ id: x, label: tt(x), href: href(x) }))}
        header={
          <div className="[&>header]:mb-3 [&>header]:border-b-0 [&>header]:pb-0">
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
              actions={
                rights.canDeploy || rights.canManageHosts ? (
                  <>
                    {/* The one "Add host" of the page: the hosts tab lists what it adds. */}
                    {rights.canManageHosts && <RegistrationCommandDialog environmentId={env.id} />}
                    {rights.canManageHosts && <AddHostDialog environmentId={env.id} action={addHostAction} />}
                    {rights.canDeploy && (
                      <ButtonLink href={`/environments/${env.id}/apps/new`} variant="primary" size="sm">
                        {t("deployApp")}
                      </ButtonLink>
                    )}
                  </>
                ) : undefined
              }
            />
          </div>
        }
      >
        {tab === "overview" && <OverviewTab env={env} />}
        {tab === "hosts" && <HostsTab actor={actor} env={env} rights={rights} />}
        {tab === "apps" && <AppsTab actor={actor} env={env} rights={rights} />}
        {tab === "resources" && <ResourcesTab actor={actor} env={env} rights={rights} tenantSlug={tenant?.slug ?? null} />}
        {tab === "settings" && rights.canUpdate && (
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
        {tab === "danger" && rights.canDelete && (
          <Card title={t("deleteEnvironment")} description={tt("dangerDescription")} className="border-red-200">
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
      </EnvironmentTabs>
    </>
  );
}

async function OverviewTab({ env }: { env: EnvironmentDto }) {
  const t = await getTranslations("environment");
  const tr = await getTranslations("regions.environmentField");
  return (
    <>
      <Card title={t("overview")}>
        <DescriptionList
          items={[
            { label: tr("region"), value: env.region.displayName },
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
      <Card title={t("hostLoad")} description={t("hostLoadDescription")}>
        <HostStats environmentId={env.id} />
      </Card>
    </>
  );
}

async function HostsTab({ actor, env, rights }: { actor: Actor; env: EnvironmentDto; rights: Rights }) {
  const t = await getTranslations("environment");
  const hosts = await listHosts({ actor, environmentId: env.id });
  return (
    <Card title={t("hosts")} description={t("hostsDescription")}>
      <HostsTable
        environmentId={env.id}
        initial={hosts.items}
        canManage={rights.canManageHosts}
        removeAction={removeHostAction}
        availabilityAction={setHostAvailabilityAction}
        emptyHint={rights.canManageHosts ? t("hostsEmptyOwner") : t("hostsEmptyOther")}
      />
    </Card>
  );
}

async function AppsTab({ actor, env, rights }: { actor: Actor; env: EnvironmentDto; rights: Rights }) {
  const t = await getTranslations("environment");
  const [apps, ports] = await Promise.all([
    listApps({ actor, environmentId: env.id, query: { limit: 500 } }),
    listPortLeases({ actor, environmentId: env.id }),
  ]);
  return (
    <>
      <Card title={t("apps")} description={t("appsDescription")}>
        <AppsTable
          environmentId={env.id}
          initial={apps.items}
          emptyHint={rights.canDeploy ? (env.hostCount === 0 ? t("appsEmptyNoHost") : t("appsEmpty")) : t("appsEmptyViewer")}
        />
      </Card>
      <Card title={t("portLeases")} description={t("portLeasesDescription")}>
        <PortLeasesTable environmentId={env.id} initial={ports} />
      </Card>
    </>
  );
}

/** A listing that asks the engines: a failure (no manager answers) is shown in its card, not as a page error. */
async function settle<T>(p: Promise<T>, fallback: T): Promise<{ value: T; error?: string }> {
  try {
    return { value: await p };
  } catch (e) {
    const err = toAppError(e);
    if (err.code === "NOT_FOUND" || err.code === "FORBIDDEN") throw e;
    return { value: fallback, error: localizeError((await getLocale()) as AppLocale, err).message };
  }
}

async function ResourcesTab({ actor, env, rights, tenantSlug }: { actor: Actor; env: EnvironmentDto; rights: Rights; tenantSlug: string | null }) {
  const [secrets, configs, volumes, networks] = await Promise.all([
    listPortalSecrets({ actor, environmentId: env.id, kind: "secret" }),
    listPortalSecrets({ actor, environmentId: env.id, kind: "config" }),
    settle(listEnvironmentVolumes({ actor, environmentId: env.id }), { items: [], unreachableHosts: [] }),
    settle(listEnvironmentNetworks({ actor, environmentId: env.id }), { items: [] }),
  ]);
  const example = `${publicRegistryHost()}/${tenantSlug ? `t/${tenantSlug}` : "official"}/web:1`;
  return (
    <>
      <VolumesCard
        environmentId={env.id}
        volumes={volumes.value.items}
        unreachableHosts={volumes.value.unreachableHosts}
        error={volumes.error}
        canRemove={rights.canRemoveResources}
        actions={{ remove: removeVolumeAction, prune: pruneVolumesAction }}
      />
      <NetworksCard
        environmentId={env.id}
        networks={networks.value.items}
        error={networks.error}
        canRemove={rights.canRemoveResources}
        actions={{ remove: removeNetworkAction, prune: pruneNetworksAction }}
      />
      <PortalSecretsCard
        environmentId={env.id}
        secrets={secrets.items}
        configs={configs.items}
        canManage={rights.canDeploy}
        actions={{ save: savePortalSecretAction, remove: deletePortalSecretAction }}
      />
      {rights.canManageHosts && <ImagesCard environmentId={env.id} example={example} actions={{ pull: pullImageAction, prune: pruneImagesAction }} />}
    </>
  );
}
